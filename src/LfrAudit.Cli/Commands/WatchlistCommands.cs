using LfrAudit.Application.Watchlists;
using LfrAudit.Governance.Watchlists;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr watchlist enroll | list.</summary>
internal static class WatchlistCommands
{
    private static Option<string> Manifest => new("--manifest") { Description = "The watchlist manifest (YAML)", Required = true };
    private static Option<string?> ImagesRoot => new("--images-root") { Description = "Folder the manifest's image paths are relative to (default: the manifest's folder)" };
    /// <summary>Shared with run: a manifest's image paths stay inside the images folder unless this is given.</summary>
    internal static Option<bool> AllowAbsolutePaths => new("--allow-absolute-paths") { Description = "Let the manifest name images outside the images folder (absolute paths, or '..')" };
    private static Option<bool> Strict => new("--strict") { Description = "Any rejected entry fails the enrolment and nothing is stored" };
    private static Option<bool> Json => new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var watchlist = new Command("watchlist", "Watchlists: enrol a manifest, list what is enrolled");

        var enroll = new Command("enroll", "Enrol a watchlist manifest: check every entry, embed its reference images, store it") { Manifest, ImagesRoot, AllowAbsolutePaths, Strict, Json };
        ModelOptions.AddTo(enroll);
        bind.Bind(enroll, Uses.Store | Uses.AuditKey | Uses.Models, c =>
        {
            using var models = ModelOptions.Open(c, threadsPerModel: 2);
            using var db = c.OpenDatabase();
            var result = UseCases.Enrolment(db, models, VisionAdapters.Images).Enrol(new EnrolmentRequest(c.Get(Manifest)!, c.Get(ImagesRoot), c.Get(Strict), c.Get(AllowAbsolutePaths)));
            return Report(c, result, c.Get(Manifest)!, c.Get(Json));
        });

        var list = new Command("list", "Enrolled watchlists in the store") { Json };
        bind.Bind(list, Uses.Store, c =>
        {
            using var db = c.OpenForReading();
            var all = db.Watchlists.List();
            if (c.Get(Json)) { c.Output.Json(all); return ExitCodes.Ok; }
            var table = new Table().AddColumns("name", "entries", "reference images", "model", "content hash", "enrolled (London)");
            foreach (var w in all)
                table.AddTextRow(w.Name, w.Entries.ToString(), w.Templates.ToString(), w.ModelId, w.ContentHash[..16] + "…", CliTime.Show(w.EnrolledAt));
            c.Output.Table(table);
            return ExitCodes.Ok;
        });

        watchlist.Subcommands.Add(enroll);
        watchlist.Subcommands.Add(list);
        return watchlist;
    }

    /// <summary>Reports an enrolment per entry (shared by enroll, run given a manifest, and demo); the exit code says whether it was stored.</summary>
    internal static int Report(CommandContext c, EnrolmentResult result, string manifestPath, bool json, bool briefly = false)
    {
        var (report, watchlist, stored, refused) = (result.Report, result.Stored, result.Succeeded, result.RefusedAsStrict);
        var manifest = (Name: result.Name, FilePath: manifestPath);
        c.Log.Information("Watchlist {Watchlist} enrolment: {Enrolled} enrolled, {Rejected} rejected, stored {Stored}, hash {Hash}",
            manifest.Name, report.EnrolledCount, report.RejectedCount, stored, watchlist?.ContentHash);

        if (briefly)
        {
            // Inside another command (run): its stdout is for its own result; the enrolment goes to stderr.
            foreach (var e in report.Entries.Where(e => e.Problems.Count > 0))
                c.Output.Problem($"warning: {manifestPath}:{e.Line}: {e.Id ?? "?"} {(e.Enrolled ? "enrolled with problems" : "rejected")}: {string.Join("; ", e.Problems)}");
            c.Output.Problem($"watchlist '{manifest.Name}': {report.EnrolledCount} enrolled, {report.RejectedCount} rejected");
        }
        else if (json)
            c.Output.Json(new
            {
                manifest = manifestPath,
                watchlist = manifest.Name,
                stored,
                content_hash = stored ? watchlist!.ContentHash : null,
                enrolled = report.EnrolledCount,
                rejected = report.RejectedCount,
                entries = report.Entries.Select(e => new { line = e.Line, id = e.Id, enrolled = e.Enrolled, images_accepted = e.ImagesAccepted, problems = e.Problems }),
            });
        else
            Print(c, report, manifest.Name, stored ? watchlist : null);

        if (refused)
        {
            c.Output.Problem($"error: {manifestPath}: {report.RejectedCount} entr{(report.RejectedCount == 1 ? "y" : "ies")} rejected and --strict given; nothing stored");
            return ExitCodes.Rejected;
        }
        if (!stored)
        {
            c.Output.Problem($"error: {manifestPath}: no entry could be enrolled; nothing stored");
            return ExitCodes.Rejected;
        }
        return ExitCodes.Ok;
    }

    private static void Print(CommandContext c, EnrolmentReport report, string name, EnrolledWatchlist? stored)
    {
        var table = new Table().AddColumns("line", "id", "result", "images", "problems");
        foreach (var e in report.Entries)
            table.AddTextRow(e.Line.ToString(), e.Id ?? "?", e.Enrolled ? "enrolled" : "rejected", e.ImagesAccepted.ToString(),
                string.Join("; ", e.Problems));
        c.Output.Table(table);
        c.Output.Line(stored is null
            ? $"watchlist '{name}': {report.EnrolledCount} enrolled, {report.RejectedCount} rejected; not stored"
            : $"watchlist '{name}': {report.EnrolledCount} enrolled, {report.RejectedCount} rejected; stored with content hash {stored.ContentHash}");
    }
}
