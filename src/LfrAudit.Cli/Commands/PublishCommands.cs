using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr publish site: the static public site from the documents as published.</summary>
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
            // Nothing is published that disagrees with the audit log: edited documents, or figures the log does not bear out.
            var problems = Application.Publishing.PublicationCheck.Problems(db);
            if (problems.Count > 0)
            {
                foreach (var p in problems) c.Output.Line($"  - {Core.Inputs.SafeText.Escape(p)}");
                var more = problems.Count > 1 ? $" (and {problems.Count - 1} more, listed on standard output)" : "";
                c.Output.Problem($"error: {db.Location}: not published: {problems[0]}{more}");
                return ExitCodes.Rejected;
            }
            var outDir = Core.Inputs.TextFiles.Folder(c.Get(Out)!, "site folder");
            var written = PublicSite.Write(outDir, UseCases.Publisher(db).SiteEntries(), PublicationSettings.Default, c.Clock.GetUtcNow());
            c.Log.Information("Public site written to {Out}: {Files} files", outDir, written.Count);
            c.Output.Line($"public site: {Path.Combine(outDir, "index.html")} ({written.Count} files)");
            return ExitCodes.Ok;
        });
        publish.Subcommands.Add(site);
        return publish;
    }
}
