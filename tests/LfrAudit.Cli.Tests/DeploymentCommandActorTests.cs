using System.Text.Json;
using LfrAudit.Application.Accounts;
using LfrAudit.Cli.Output;
using LfrAudit.Governance.Accounts;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Every deployment step names a registered supervisor; a refused step writes nothing (not even a recovery head); a
/// threshold "changed" to what it is is refused.
/// </summary>
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public class DeploymentCommandActorTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static string[] Plan(string id, TestTimeline t) =>
        ["deployment", "plan", "--id", id, "--location", "North End, Croydon", "--area", "Croydon", "--start", t.Wall(20, 10), "--end", t.Wall(20, 18),
         "--purpose", "Locate people wanted for serious offences", "--officer", "A. Example", "--rank", "Superintendent", "--camera", "van-7", "--watchlist", "demo-watchlist"];

    [Fact]
    public async Task Plan_start_end_and_cancel_name_a_registered_supervisor_or_nothing_is_written()
    {
        var db = seeded.CopyInto(_dir);
        var t = seeded.Timeline;
        async Task Refused(int exit, string mentions, params string[] args)
        {
            var before = StoreSnapshot.Of(db);
            var r = await Lfr.Run([.. args, "--db", db, "--now", t.Now(1, 9)]);
            Assert.True(r.Exit == exit, r.ToString());
            Assert.Contains(mentions, Assert.Single(r.ErrorLines));
            Assert.Equal(before, StoreSnapshot.Of(db));
        }
        foreach (var step in new[] { Plan("DEP-A", t), ["deployment", "start", "DEP-A"], ["deployment", "end", "DEP-A"], ["deployment", "cancel", "DEP-A", "--reason", "r"] })
        {
            await Refused(ExitCodes.Usage, "--by", step);
            await Refused(ExitCodes.BadInput, "'nobody' is not a registered user", [.. step, "--by", "nobody"]);
            await Refused(ExitCodes.BadInput, "'op-1' is an operator: only a supervisor may", [.. step, "--by", TestUsers.Operator]);
        }
        var planned = await Lfr.Run([.. Plan("DEP-A", t), "--by", TestUsers.Supervisor, "--db", db, "--now", t.Now(1, 9)]);
        Assert.True(planned.Exit == 0, planned.ToString());
        var cancelled = await Lfr.Run("deployment", "cancel", "DEP-A", "--reason", "no longer needed", "--by", TestUsers.Supervisor, "--db", db, "--now", t.Now(1, 10));
        Assert.True(cancelled.Exit == 0, cancelled.ToString());
        // The log names who did each step and through what.
        var export = _dir["export"];
        Assert.Equal(0, (await Lfr.Run("audit", "export", "--out", export, "--db", db)).Exit);
        var steps = File.ReadLines(Path.Combine(export, "entries.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() is "deployment.planned" or "deployment.cancelled"
                && e.GetProperty("data").GetProperty("deployment").GetString() == "DEP-A").ToList();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, e => Assert.Equal(TestUsers.Supervisor, e.GetProperty("data").GetProperty("by").GetString()));
        Assert.All(steps, e => Assert.StartsWith("lfr on ", e.GetProperty("data").GetProperty("via").GetString()));
    }

    [Fact]
    public async Task A_refused_threshold_change_writes_nothing_not_even_a_recovery_head_and_no_change_is_no_change()
    {
        var dir = _dir;
        var db = await LiveDeployment.In(seeded, dir, "DEP-T", "van-1");
        var t = seeded.Timeline;
        var threshold = JsonDocument.Parse((await Lfr.Run("deployment", "show", "DEP-T", "--json", "--db", db)).Out).RootElement
            .GetProperty("deployment").GetProperty("threshold").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // An entry no head covers, as a killed command leaves: the next writing command would sign a recovery head.
        using (var store = SqliteDatabase.Open(db, new FakeTimeProvider(t.At(10, 11))))
            new AccountService(store, new TestPasswordHashing(), new SignInThrottle(store.Clock)).Add("op-9", Role.Operator, TestPasswordHashing.Password, TestUsers.Supervisor, "tests");
        async Task Refused(string mentions, params string[] args)
        {
            var before = StoreSnapshot.Of(db);
            var r = await Lfr.Run([.. args, "--db", db, "--now", t.Now(10, 12)]);
            Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
            Assert.Contains(mentions, Assert.Single(r.ErrorLines));
            Assert.Equal(before, StoreSnapshot.Of(db));
        }
        await Refused($"its threshold is already {threshold}: nothing to change", "deployment", "threshold", "DEP-T", "--to", threshold, "--by", TestUsers.Supervisor, "--reason", "r");
        await Refused($"its threshold is already {threshold}", "deployment", "threshold", "DEP-T", "--to", threshold + "0", "--by", TestUsers.Supervisor, "--reason", "r");
        await Refused("'op-1' is an operator", "deployment", "threshold", "DEP-T", "--to", "0.61", "--by", TestUsers.Operator, "--reason", "r");
        await Refused("is not a registered user", "deployment", "threshold", "DEP-T", "--to", "0.61", "--by", "nobody", "--reason", "r");

        var before = StoreSnapshot.Of(db);
        var changed = await Lfr.Run("deployment", "threshold", "DEP-T", "--to", "0.61", "--by", TestUsers.Supervisor, "--reason", "too many false alerts", "--db", db, "--now", t.Now(10, 12));
        Assert.True(changed.Exit == 0, changed.ToString());
        var after = StoreSnapshot.Of(db);
        Assert.Equal(before.Entries + 1, after.Entries);
        Assert.Equal(before.Heads + 2, after.Heads); // the recovery head, then the change's own
    }
}
