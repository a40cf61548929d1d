using LfrAudit.Testing;
using System.Text.Json;
using LfrAudit.Cli.Output;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>A deployment from plan to outcome through the command line, with the simulation clock.</summary>
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public class DeploymentCommandTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    private string Db => _dir["store.db"];

    public void Dispose() => _dir.Dispose();

    private Task<LfrResult> Lfr_(string now, params string[] args) => Lfr.Run([.. args, "--db", Db, "--now", now]);

    private async Task<LfrResult> Ok(string now, params string[] args)
    {
        var r = await Lfr_(now, args);
        Assert.True(r.Exit == 0, r.ToString());
        return r;
    }

    private static string[] Plan(string id, string start, string end, params string[] cameras) =>
        ["deployment", "plan", "--id", id, "--by", TestUsers.Supervisor, "--location", "North End, Croydon", "--area", "Croydon", "--start", start, "--end", end,
         "--purpose", "Locate people wanted for serious offences", "--officer", "A. Example", "--rank", "Superintendent",
         .. cameras.SelectMany(c => new[] { "--camera", c }), "--watchlist", "demo-watchlist"];

    private long Count(string table)
    {
        using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_plan_too_late_for_its_notice_is_warned_of_when_it_is_made()
    {
        File.Copy(seeded.Path, Db);
        var t = seeded.Timeline;
        var timely = await Ok(t.Now(1, 9), Plan("DEP-ON-TIME", t.Wall(10, 10), t.Wall(10, 18), "van-1"));
        Assert.Empty(timely.ErrorLines);
        // Starting on day 5, its notice was due on day -2: planned on day 1, that has passed.
        var late = await Ok(t.Now(1, 9), [.. Plan("DEP-LATE", t.Wall(5, 10), t.Wall(5, 18), "van-2"), "--json"]);
        var warning = Assert.Single(late.ErrorLines);
        Assert.StartsWith("warning: the notice for DEP-LATE was due by ", warning, StringComparison.Ordinal);
        Assert.Contains("urgent override", warning, StringComparison.Ordinal);
        Assert.Equal("DEP-LATE", JsonDocument.Parse(late.Out).RootElement.GetProperty("id").GetString()); // the JSON is still all stdout holds
    }

    [Fact]
    public async Task A_whole_deployment_from_plan_to_outcome()
    {
        File.Copy(seeded.Path, Db);
        var t = seeded.Timeline; // day 0 a Monday; no bank holiday for four weeks
        await Ok(t.Now(1, 9), Plan("DEP-1", t.Wall(10, 10), t.Wall(10, 18), "van-1"));
        await LiveDeployment.Assign(Db, t.Now(1, 9, 1), "DEP-1", TestUsers.Operator);
        await Ok(t.Now(2, 9), "deployment", "publish-notice", "DEP-1", "--by", TestUsers.Supervisor);
        await Ok(t.Now(10, 10), "deployment", "start", "DEP-1", "--by", TestUsers.Supervisor);
        var clip = Path.Combine(Path.GetDirectoryName(seeded.Path)!, "demo-clip.avi");
        var run = await Ok(t.Now(10, 10, 30), Lfr.WithModels("run", "--deployment", "DEP-1", "--source", clip, "--json"));
        Assert.Equal(3, JsonDocument.Parse(run.Out).RootElement.GetProperty("alerts").GetInt64());

        var alerts = JsonDocument.Parse((await Ok(t.Now(10, 10, 31), "alerts", "list", "--json")).Out).RootElement.EnumerateArray()
            .Where(a => a.GetProperty("camera").GetString() == "van-1").Select(a => a.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, alerts.Count);
        // Only an operator assigned to the deployment decides its alerts: another registered operator is refused, and nothing is recorded.
        long decisions = Count("adjudications"), entries = Count("audit_entries");
        var unassigned = await Lfr_(t.Now(10, 10, 31), "alerts", "adjudicate", $"{alerts[0]}", "--decision", "confirm", "--by", TestUsers.SecondOperator);
        Assert.True(unassigned.Exit == ExitCodes.BadInput, unassigned.ToString());
        Assert.Equal($"error: 'op-2' is not assigned to deployment DEP-1, whose alert {alerts[0]} this is: an operator works only the alerts of the deployments a supervisor assigned them to (lfr deployment assign)",
            Assert.Single(unassigned.ErrorLines));
        Assert.Equal((decisions, entries), (Count("adjudications"), Count("audit_entries")));
        await Ok(t.Now(10, 10, 32), "alerts", "adjudicate", $"{alerts[0]}", "--decision", "confirm", "--by", TestUsers.Operator);
        await Ok(t.Now(10, 10, 32), "alerts", "adjudicate", $"{alerts[1]}", "--decision", "reject", "--by", TestUsers.Operator);
        Assert.Equal(ExitCodes.BadInput, (await Lfr_(t.Now(10, 10, 40), "alerts", "outcome", $"{alerts[0]}", "--outcome", "arrested", "--by", TestUsers.SecondOperator)).Exit);
        await Ok(t.Now(10, 10, 40), "alerts", "outcome", $"{alerts[0]}", "--outcome", "arrested", "--by", TestUsers.Operator);
        await Ok(t.Now(10, 12), "deployment", "threshold", "DEP-1", "--to", "0.55", "--by", TestUsers.Supervisor, "--reason", "one false alert");
        await Ok(t.Now(10, 18), "deployment", "end", "DEP-1", "--by", TestUsers.Supervisor);
        // Ended on a Thursday: the 5th working day after it is the next Thursday (day 17), so the outcome is due by
        // the end of that day, and overdue from midnight.
        var status = JsonDocument.Parse((await Ok(t.Now(18, 0), "deployment", "status", "--json")).Out).RootElement
            .EnumerateArray().Single(r => r.GetProperty("deployment").GetString() == "DEP-1");
        Assert.Equal("overdue", status.GetProperty("status").GetString());
        var early = JsonDocument.Parse((await Ok(t.Now(17, 23, 59), "deployment", "status", "--json")).Out).RootElement
            .EnumerateArray().Single(r => r.GetProperty("deployment").GetString() == "DEP-1");
        Assert.NotEqual("overdue", early.GetProperty("status").GetString());
        // Reading records nothing, so the clock may go back to the afternoon of day 17 to publish on time.
        await Ok(t.Now(17, 16), "deployment", "publish-outcome", "DEP-1", "--by", TestUsers.Supervisor);

        var shown = JsonDocument.Parse((await Ok(t.Now(17, 16, 1), "deployment", "show", "DEP-1", "--json")).Out).RootElement;
        var d = shown.GetProperty("deployment");
        Assert.Equal("outcome published", d.GetProperty("state").GetString());
        Assert.True(d.GetProperty("notice_on_time").GetBoolean());
        Assert.True(d.GetProperty("outcome_on_time").GetBoolean());
        Assert.Equal(0.55, d.GetProperty("threshold").GetDouble());
        Assert.Equal(5, d.GetProperty("frozen_watchlist").GetProperty("entries").GetInt32());
        Assert.Equal([(TestUsers.Operator, TestUsers.Supervisor)], shown.GetProperty("operators").EnumerateArray()
            .Select(o => (o.GetProperty("name").GetString(), o.GetProperty("assigned_by").GetString())));
        Assert.Contains($"{TestUsers.Operator} (by {TestUsers.Supervisor}", (await Ok(t.Now(17, 16, 1), "deployment", "show", "DEP-1")).Out);
        var f = shown.GetProperty("figures");
        Assert.Equal((3L, 1L, 1L, 1L), (f.GetProperty("alerts").GetInt64(), f.GetProperty("confirmed").GetInt64(), f.GetProperty("rejected").GetInt64(), f.GetProperty("not_adjudicated").GetInt64()));
        // Faces seen counts people: the demo clip's 10 people, each tracked across its 20 frames, not 200 detections.
        var people = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(clip, ".truth.json"))).RootElement.GetProperty("Appearances").GetArrayLength();
        Assert.Equal(10, people);
        Assert.Equal(people, f.GetProperty("faces_seen").GetInt64());
        Assert.Equal(1, f.GetProperty("arrests").GetInt64());
        // On the simulation clock retention runs only when asked: of this deployment's alerts only the confirmed
        // match then still has evidence. The rejected alert's went at once; the undecided one's a day after the end.
        Assert.Equal(2, Count("alert_evidence e JOIN alerts a ON a.alert_id = e.alert_id JOIN runs r ON r.run_id = a.run_id WHERE r.deployment_id = 'DEP-1'"));
        await Ok(t.Now(17, 16, 2), "retention", "enforce");
        Assert.Equal(1, Count("alert_evidence e JOIN alerts a ON a.alert_id = e.alert_id JOIN runs r ON r.run_id = a.run_id WHERE r.deployment_id = 'DEP-1'"));
        Assert.True(Count("purges") >= 2);
    }

    [Fact]
    public async Task Bad_plans_and_decisions_are_refused_and_nothing_is_lost()
    {
        File.Copy(seeded.Path, Db);
        var t = seeded.Timeline;
        await Ok(t.Now(1, 9), Plan("DEP-1", t.Wall(10, 10), t.Wall(10, 18), "van-1", "van-2"));
        async Task Refused(string mentions, params string[] args)
        {
            long deployments = Count("deployments"), alerts = Count("alerts"), adjudications = Count("adjudications");
            var r = await Lfr_(t.Now(1, 10), args);
            Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
            Assert.Single(r.ErrorLines, l => l.StartsWith("error:"));
            Assert.Contains(mentions, r.Error);
            Assert.Equal((deployments, alerts, adjudications), (Count("deployments"), Count("alerts"), Count("adjudications")));
        }
        await Refused("before it starts", Plan("DEP-2", t.Wall(11, 18), t.Wall(11, 10), "van-3"));
        await Refused("overlaps deployment DEP-1", Plan("DEP-3", t.Wall(10, 17), t.Wall(10, 20), "van-2"));
        await Refused("already exists", Plan("DEP-1", t.Wall(20, 10), t.Wall(20, 18), "van-9"));
        await Refused("'nobody' is not enrolled", [.. Plan("DEP-4", t.Wall(20, 10), t.Wall(20, 18), "van-1")[..^1], "nobody"]);
        await Refused("alert 9999 does not exist", "alerts", "adjudicate", "9999", "--decision", "confirm", "--by", TestUsers.Operator);
        // Every decision, threshold change and publication names a registered user with the right role.
        await Refused("'Totally Not A User' is not a registered user", "alerts", "adjudicate", "1", "--decision", "reject", "--by", "Totally Not A User");
        await Refused("'sup-1' is a supervisor: only an operator may decide on alerts", "alerts", "adjudicate", "1", "--decision", "reject", "--by", TestUsers.Supervisor);
        await Refused("'op-1' is an operator: only a supervisor may", "deployment", "publish-notice", "DEP-1", "--by", TestUsers.Operator);
        await Refused("'iag-1' is a reviewer: only a supervisor may change", "deployment", "threshold", "DEP-1", "--to", "0.6", "--by", TestUsers.Reviewer, "--reason", "y");
        await Refused("is not a registered user", "deployment", "start", "DEP-1", "--urgent-override", "a reason", "--by", "ACC B. Example");
        await Refused("deployment DEP-404 does not exist", "deployment", "start", "DEP-404", "--by", TestUsers.Supervisor);
        // Operators are assigned by a registered supervisor, each once; only operators; only while assigned are they taken off.
        await Refused("'op-1' is an operator: only a supervisor may assign operators to deployments", "deployment", "assign", "DEP-1", "--operator", TestUsers.Operator, "--by", TestUsers.Operator);
        await Refused("'iag-1' is a reviewer: only operators are assigned to deployments", "deployment", "assign", "DEP-1", "--operator", TestUsers.Reviewer, "--by", TestUsers.Supervisor);
        await Refused("'nobody' is not a registered user", "deployment", "assign", "DEP-1", "--operator", "nobody", "--by", TestUsers.Supervisor);
        await Refused("'op-1' is not assigned to deployment DEP-1: no operator is", "deployment", "unassign", "DEP-1", "--operator", TestUsers.Operator, "--by", TestUsers.Supervisor);
        await Ok(t.Now(1, 10), "deployment", "assign", "DEP-1", "--operator", TestUsers.Operator, "--by", TestUsers.Supervisor);
        await Refused("operator 'op-1' is already assigned to deployment DEP-1 (by sup-1", "deployment", "assign", "DEP-1", "--operator", TestUsers.Operator, "--by", TestUsers.Supervisor);
        await Refused("is planned: recognition runs only while it is live", Lfr.WithModels("run", "--deployment", "DEP-1", "--source", SharedData.Dataset("lfw", "images", "Colin_Powell")));
        await Refused("cannot start: no notice", "deployment", "start", "DEP-1", "--by", TestUsers.Supervisor);
        await Refused("threshold", "deployment", "threshold", "DEP-1", "--to", "2", "--by", "x", "--reason", "y");
        var badClock = await Lfr.Run("deployment", "list", "--db", Db, "--now", "yesterday");
        Assert.Equal(ExitCodes.BadInput, badClock.Exit);
        Assert.Contains("--now 'yesterday' is not a time", badClock.Error);
    }
}
