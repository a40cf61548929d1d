using System.CommandLine;
using System.Security.Cryptography;
using LfrAudit.Cli.Hosting;
using LfrAudit.Core.Domain;
using LfrAudit.Storage.Sqlite;
using Spectre.Console;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr alerts list: the alerts waiting in the store.</summary>
public static class AlertsCommands
{
    private static readonly Option<string?> Run = new("--run") { Description = "Only alerts of this run" };
    private static readonly Option<bool> Json = new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var alerts = new Command("alerts", "Alerts raised for operators");
        var list = new Command("list", "List alerts (never the probe image or embedding; their size and hash only)") { Run, Json };
        bind.Bind(list, c =>
        {
            using var db = c.OpenDatabase();
            var journal = new SqliteRunJournal(db, c.Clock);
            var all = journal.List(c.Get(Run) is { } r ? new RunId(r) : null);
            if (c.Get(Json))
            {
                c.Output.Json(all.Select(a => new
                {
                    id = a.Id.Value,
                    run = a.Alert.Run.Value,
                    camera = a.Alert.Camera.Value,
                    frame_index = a.Alert.FrameIndex,
                    captured_at = a.Alert.CapturedAt,
                    candidate = a.Alert.Candidate.Value,
                    category = a.Alert.Category.ToName(),
                    score = Math.Round(a.Alert.Score, 4),
                    threshold = a.Alert.Threshold.Value,
                    box = new { x = a.Alert.FaceBox.X, y = a.Alert.FaceBox.Y, width = a.Alert.FaceBox.Width, height = a.Alert.FaceBox.Height },
                    probe_crop_bytes = a.Alert.ProbeCropJpeg.Length,
                    probe_crop_sha256 = Convert.ToHexStringLower(SHA256.HashData(a.Alert.ProbeCropJpeg)),
                    raised_at = a.RaisedAt,
                }));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "run", "camera", "frame", "captured (UTC)", "candidate", "category", "score");
            foreach (var a in all)
                table.AddRow(a.Id.ToString(), a.Alert.Run.Value, a.Alert.Camera.Value, a.Alert.FrameIndex.ToString(),
                    a.Alert.CapturedAt.ToString("yyyy-MM-dd HH:mm:ss.f"), a.Alert.Candidate.Value, a.Alert.Category.ToName(),
                    a.Alert.Score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
            c.Output.Console.Write(table);
            c.Output.Line($"{all.Count} alert{(all.Count == 1 ? "" : "s")}");
            return ExitCodes.Ok;
        });
        alerts.Subcommands.Add(list);
        return alerts;
    }
}
