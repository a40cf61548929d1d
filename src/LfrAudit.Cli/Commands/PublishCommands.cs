using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LfrAudit.Cli.Hosting;
using LfrAudit.Core.Calendar;
using LfrAudit.Core.Deployments;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Cli.Commands;

/// <summary>Freezing public documents when they are published, and lfr publish site.</summary>
public static class PublishCommands
{
    private static readonly Option<string> Out = new("--out") { Description = "Folder to write the site into", Required = true };

    public static Command Create(CommandBinder bind)
    {
        var publish = new Command("publish", "Public documents");
        var site = new Command("site", "Write the static public site: index, notices, outcome reports, calendar, JSON feed") { Out };
        bind.Bind(site, c =>
        {
            using var db = c.OpenForReading();
            var outDir = Core.Inputs.TextFiles.Folder(c.Get(Out)!, "site folder");
            var written = PublicSite.Write(outDir, Entries(db), PublicationSettings.Default, c.Clock.UtcNow);
            c.Log.Information("Public site written to {Out}: {Files} files", outDir, written.Count);
            c.Output.Line($"public site: {Path.Combine(outDir, "index.html")} ({written.Count} files)");
            return ExitCodes.Ok;
        });
        publish.Subcommands.Add(site);
        return publish;
    }

    internal static IReadOnlyList<SiteEntry> Entries(IStore db)
    {
        var docs = db.Documents.List();
        T? Doc<T>(Deployment d, string kind) where T : class =>
            docs.FirstOrDefault(x => x.Deployment == d.Id && x.Kind == kind) is { } doc ? JsonSerializer.Deserialize<T>(doc.Json, PublicSite.Json) : null;
        Core.Audit.TreeHead? Anchor(Deployment d, string kind) => docs.FirstOrDefault(x => x.Deployment == d.Id && x.Kind == kind)?.Anchor;
        return db.Deployments.List()
            .Select(d => new SiteEntry(d, Doc<PublicNotice>(d, PublicNotice.Kind), Doc<OutcomeReport>(d, OutcomeReport.Kind),
                Anchor(d, PublicNotice.Kind), Anchor(d, OutcomeReport.Kind))).ToList();
    }

    /// <summary>
    /// After a publication commits: sign a tree head covering its log entry and record it with the document,
    /// so the public copy carries the head it was published under. Without a signing key, documents stay unanchored.
    /// </summary>
    internal static void AnchorNewDocuments(IStore db)
    {
        if (db.TreeHeadSigner is not { } key) return;
        var store = db.Documents;
        var pending = store.List().Where(d => d.Anchor is null).ToList();
        if (pending.Count == 0) return;
        var head = db.Audit.IssueTreeHead(key);
        foreach (var d in pending) store.Anchor(d.Deployment, d.Kind, head);
    }

    /// <summary>The notice as published now: the watchlist's categories and rough size are read at this moment and frozen.</summary>
    internal static PublishedDocument FreezeNotice(IStore db, Deployment d, DateTimeOffset at)
    {
        var watchlist = db.Watchlists.Find(d.WatchlistName)
            ?? throw new LfrInputException($"watchlist '{d.WatchlistName}' of deployment {d.Id} is not enrolled: the notice cannot say who may be looked for");
        var notice = PublicNotice.Build(d, watchlist.CountByCategory(), watchlist.Entries.Count, PublicationSettings.Default, at);
        return Store(db, d.Id, PublicNotice.Kind, at, notice);
    }

    internal static PublishedDocument FreezeOutcome(IStore db, Deployment d, DateTimeOffset at)
    {
        var report = OutcomeReport.Build(d, db.Deployments.Figures(d.Id), PublicationSettings.Default, WorkingDayCalendar.EnglandAndWales, at);
        return Store(db, d.Id, OutcomeReport.Kind, at, report);
    }

    private static PublishedDocument Store<T>(IStore db, DeploymentId id, string kind, DateTimeOffset at, T document)
    {
        var json = JsonSerializer.Serialize(document, PublicSite.Json);
        var doc = new PublishedDocument(id, kind, at, json, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))));
        db.Documents.Add(doc);
        return doc;
    }
}
