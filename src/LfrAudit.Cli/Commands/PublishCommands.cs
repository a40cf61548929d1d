using LfrAudit.Application.Publishing;
using LfrAudit.Core.Untrusted;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr publish site: the static public site from the documents as published, once the store is checked against its signed log.</summary>
internal static class PublishCommands
{
    private static readonly Option<string> Out = new("--out") { Description = "Folder to write the site into", Required = true };

    public static Command Create(CommandBinder bind)
    {
        var publish = new Command("publish", "Public documents");
        var site = new Command("site", "Write the static public site (index, notices, outcome reports, calendar, JSON feed) from a store that agrees with its signed audit log") { Out, SiteKeyOption.Option };
        bind.Bind(site, c =>
        {
            using var db = c.OpenForReading();
            // Each site's log is verified with its own key: --site-key for the sites named, else the key that signs the
            // store's log as 'lfr audit export' and the console find it (beside the store, or given).
            using var keys = SiteKeyOption.Read(c, db);
            // Nothing is published that the signed log does not back: a log that does not verify, records or documents that disagree with it.
            var problems = PublicationCheck.Problems(db, keys, PublicationSettings.Default, UseCases.Calendar);
            if (problems.Count > 0) return Refused(c, $"{db.Location}: not published", problems);
            var outDir = TextFiles.Folder(c.Get(Out)!, "site folder");
            var written = PublicSite.Write(outDir, UseCases.Publisher(db, VisionAdapters.Catalogue).SiteEntries(), PublicationSettings.Default, c.Clock.GetUtcNow());
            c.Log.Information("Public site written to {Out}: {Files} files", outDir, written.Count);
            c.Output.Line($"public site: {Path.Combine(outDir, "index.html")} ({written.Count} files)");
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
