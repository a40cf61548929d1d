using LfrAudit.Application.Publishing;
using LfrAudit.Core.Untrusted;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr publish site: the static public site from the documents as published, once the store is checked against its signed log.</summary>
internal static class PublishCommands
{
    private static Option<string> Out => new("--out") { Description = "Folder to write the site into", Required = true };
    private static Option<string> BaseUrl => new("--base-url")
    {
        Description = "The address the site will be served from (https://…/; default: public_site.base_url in lfr.yaml): feeds and the results table link to documents under it",
    };
    private static Option<bool> Json => new("--json") { Description = "Write what was published as JSON" };

    public static Command Create(CommandBinder bind)
    {
        var publish = new Command("publish", "Public documents");
        var site = new Command("site", "Write the static public site (index with a results table, notices, outcome reports, calendar, Atom and JSON feeds, results as CSV and JSON) from a store that agrees with its signed audit log") { Out, BaseUrl, Json, SiteKeyOption.Option };
        bind.Bind(site, Uses.Store | Uses.AuditKey | Uses.Settings, c =>
        {
            var settings = c.Get(BaseUrl) is { } address ? c.Publication with { BaseUrl = SiteBaseUrl.Parse(address) } : c.Publication;
            using var db = c.OpenForReading();
            // Each site's log is verified with its own key: --site-key for the sites named, else the key that signs the
            // store's log as 'lfr audit export' and the console find it (beside the store, or given).
            using var keys = SiteKeyOption.Read(c, db);
            // Nothing is published that the signed log does not back: a log that does not verify, records or documents that disagree with it.
            var problems = PublicationCheck.Problems(db, keys, settings, UseCases.Calendar);
            if (problems.Count > 0) return Refused(c, $"{db.Location}: not published", problems);
            var outDir = TextFiles.Folder(c.Get(Out)!, "site folder");
            var entries = UseCases.Publisher(db, VisionAdapters.Catalogue, settings).SiteEntries();
            var written = PublicSite.Write(outDir, entries, settings, c.Clock.GetUtcNow());
            c.Log.Information("Public site written to {Out}: {Files} files", outDir, written.Count);
            if (c.Get(Json))
                c.Output.Json(new PublishedSite(Path.Combine(outDir, SitePaths.Index), settings.BaseUrl?.ToString(), written.Count, DeploymentResult.From(entries, settings)));
            else
                c.Output.Line($"public site: {Path.Combine(outDir, SitePaths.Index)} ({written.Count} files)");
            return ExitCodes.Ok;
        });
        publish.Subcommands.Add(site);
        return publish;
    }

    /// <summary>
    /// A publication refused because the store disagrees with its audit log: every disagreement on a line of its own on
    /// standard output, the first in the one error line, and exit 5 (a failed verification).
    /// </summary>
    internal static int Refused(CommandContext c, string what, IReadOnlyList<string> problems)
    {
        foreach (var p in problems) c.Output.Line($"  - {SafeText.Escape(p)}");
        var more = problems.Count > 1 ? $" (and {problems.Count - 1} more, listed on standard output)" : "";
        c.Output.Problem($"error: {what}: {problems[0]}{more}");
        return ExitCodes.Rejected;
    }
}

/// <summary>What 'lfr publish site --json' reports: where the site is, how many files, and the results table it carries.</summary>
internal sealed record PublishedSite(string Index, string? BaseUrl, int Files, IReadOnlyList<DeploymentResult> Results);
