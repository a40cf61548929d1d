using LfrAudit.Application.Retention;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr retention enforce: delete evidence past its retention time now (writing commands on the real clock also do this when they open the store).</summary>
internal static class RetentionCommands
{
    private static Option<bool> Json => new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var retention = new Command("retention", "Retention of biometric evidence");
        var enforce = new Command("enforce", "Delete every alert's evidence whose retention time has passed; list what is still held") { Json };
        bind.Bind(enforce, Uses.Store | Uses.AuditKey, c =>
        {
            // The explicit purge: on the simulation clock too, at the time --now gives. Its purge records are covered by a signed head.
            using var db = c.OpenForWriting();
            c.SignHeadsOf(db);
            var (purges, held) = RetentionResult.Enforce(db);
            if (c.Get(Json))
            {
                c.Output.Json(new
                {
                    purges = purges.Select(p => new { id = p.Id, at = p.At, reason = p.Reason, alerts = p.AlertsPurged }),
                    still_held = held.Select(h => new { alert = h.Alert, delete_at = h.DeleteAt }),
                });
                return ExitCodes.Ok;
            }
            foreach (var p in purges) c.Output.Line($"purged evidence of {p.AlertsPurged} alert{(p.AlertsPurged == 1 ? "" : "s")}: {p.Reason}");
            if (purges.Count == 0) c.Output.Line("nothing was due for deletion");
            c.Output.Line($"evidence still held for {held.Count} alert{(held.Count == 1 ? "" : "s")}" +
                (held.Count == 0 ? "" : $"; next deletion {CliTime.Show(held.Select(h => h.DeleteAt).Where(t => t is not null).Min())}"));
            return ExitCodes.Ok;
        });
        retention.Subcommands.Add(enforce);
        return retention;
    }
}
