using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Audit;
using LfrAudit.Cli.Output;
using LfrAudit.Testing;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// A real store edited behind the product's back — its log, deployments, documents, runs, alerts, decisions and
/// outcomes — is never published from: 'lfr publish site' and 'lfr deployment publish-outcome' refuse with exit 5, name
/// the record each edit touched, write no site and freeze no report. The same store unedited publishes.
/// </summary>
[Trait("Category", "Trust")]
[Collection(SeededCollection.Name)]
public sealed class StoreEditProperties(StoreEditProperties.Setting s) : IClassFixture<StoreEditProperties.Setting>
{
    /// <summary>
    /// The demo's store (deployment D, outcome published, with a run, alerts, decisions and outcomes) and, on the seeded
    /// timeline, deployment P: noticed, live and ended, its outcome report not yet published.
    /// </summary>
    public sealed class Setting : IDisposable
    {
        private readonly SeededStore _seeded;
        public TempDir Dir { get; } = new();
        public string Store { get; }
        public TestTimeline Timeline => _seeded.Timeline;
        public const string P = "DEP-P";
        public string D { get; }
        public string Run { get; }
        public long Alert { get; }

        public Setting(SeededStore seeded)
        {
            _seeded = seeded; // shared by the collection: copied, never changed
            Store = LiveDeployment.In(_seeded, Dir, P, "cam-p").GetAwaiter().GetResult();
            var ended = Lfr.Run("deployment", "end", P, "--by", TestUsers.Supervisor, "--db", Store, "--now", Timeline.Now(10, 18)).GetAwaiter().GetResult();
            if (ended.Exit != 0) throw new InvalidOperationException(ended.ToString());
            using var c = Open(Store);
            D = Scalar<string>(c, "SELECT deployment_id FROM deployments WHERE deployment_id <> 'DEP-P'");
            Run = Scalar<string>(c, $"SELECT run_id FROM runs WHERE deployment_id = '{D}'");
            Alert = Scalar<long>(c, "SELECT MIN(alert_id) FROM engagements"); // decided, and an officer recorded what became of it
        }

        public string CopyInto(TempDir dir)
        {
            foreach (var name in new[] { "store.db", AuditKeys.PrivateFile, AuditKeys.PublicFile })
                File.Copy(Dir[name], dir[name], overwrite: true);
            return dir["store.db"];
        }

        public void Dispose() => Dir.Dispose();
    }

    /// <summary>An edit an insider could make with a SQLite client, and the record it must be named by.</summary>
    public sealed record Edit(string Name, string Sql, string Record)
    {
        public override string ToString() => Name;
    }

    private static SqliteConnection Open(string db)
    {
        var c = new SqliteConnection($"Data Source={db};Pooling=false");
        c.Open();
        return c;
    }

    private static T Scalar<T>(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every class the hostile review found publishing silently, each by the record it touches.</summary>
    private IReadOnlyList<Edit> Edits()
    {
        string d = s.D, p = Setting.P, run = s.Run;
        long a = s.Alert;
        string Dep(string id) => $"deployment {id}";
        string Alert = $"alert {a}";
        return
        [
            // The log itself.
            new("log entry edited", "UPDATE audit_entries SET canonical = replace(canonical, 'Demo Square', 'Demo Street') WHERE seq = (SELECT MIN(seq) FROM audit_entries WHERE canonical LIKE '%Demo Square%')", "audit log does not verify"),
            new("log's latest entry deleted", "DELETE FROM audit_entries WHERE seq = (SELECT MAX(seq) FROM audit_entries)", "audit log does not verify"),
            // Deployments: deleted, and each thing the site and documents state about one.
            new("deployment deleted", $"DELETE FROM deployments WHERE deployment_id = '{p}'", Dep(p)),
            new("location", $"UPDATE deployments SET location_name = 'Elsewhere' WHERE deployment_id = '{d}'", Dep(d)),
            new("area", $"UPDATE deployments SET location_area = 'Othertown' WHERE deployment_id = '{p}'", Dep(p)),
            new("planned start", $"UPDATE deployments SET planned_start = planned_at WHERE deployment_id = '{d}'", Dep(d)),
            new("end time", $"UPDATE deployments SET ended_at = started_at WHERE deployment_id = '{p}'", Dep(p)),
            new("notice time", $"UPDATE deployments SET notice_published_at = planned_at WHERE deployment_id = '{p}'", Dep(p)),
            new("state", $"UPDATE deployments SET state = 'Live' WHERE deployment_id = '{p}'", Dep(p)),
            new("cancelled", $"UPDATE deployments SET cancelled_at = ended_at, cancel_reason = 'never ran' WHERE deployment_id = '{p}'", Dep(p)),
            new("purpose", $"UPDATE deployments SET purpose = 'Something milder' WHERE deployment_id = '{d}'", Dep(d)),
            new("officer", $"UPDATE deployments SET officer_name = 'B. Other' WHERE deployment_id = '{d}'", Dep(d)),
            new("threshold", $"UPDATE deployments SET threshold = threshold + 0.05 WHERE deployment_id = '{d}'", Dep(d)),
            new("retention", $"UPDATE deployments SET retention_rejected_s = retention_rejected_s + 60 WHERE deployment_id = '{p}'", Dep(p)),
            new("watchlist", $"UPDATE deployments SET watchlist_name = 'another-list' WHERE deployment_id = '{p}'", Dep(p)),
            // Documents: deleted, anchor removed, text changed, publication time changed.
            new("outcome report deleted", $"DELETE FROM documents WHERE deployment_id = '{d}' AND kind = 'outcome'", Dep(d)),
            new("anchor removed", $"UPDATE documents SET anchor = NULL WHERE deployment_id = '{d}' AND kind = 'notice'", Dep(d)),
            new("notice text", $"UPDATE documents SET content = replace(content, 'Demo Square', 'Demo Street') WHERE deployment_id = '{d}' AND kind = 'notice'", Dep(d)),
            new("notice time in the document", $"UPDATE documents SET published_at = substr(published_at, 1, 20) || '1234567Z' WHERE deployment_id = '{p}' AND kind = 'notice'", Dep(p)),
            // What an outcome counts: runs, alerts, decisions, engagement outcomes.
            new("run's faces seen", $"UPDATE runs SET faces_seen = faces_seen + 5 WHERE run_id = '{run}'", $"run {run}"),
            new("run's threshold", $"UPDATE runs SET threshold = threshold - 0.1 WHERE run_id = '{run}'", $"run {run}"),
            new("alert deleted", $"DELETE FROM alerts WHERE alert_id = {a}", Alert),
            new("alert's score", $"UPDATE alerts SET score = score + 0.01 WHERE alert_id = {a}", Alert),
            new("decision reversed", $"UPDATE adjudications SET decision = CASE decision WHEN 'reject' THEN 'confirm' ELSE 'reject' END WHERE alert_id = {a}", Alert),
            new("decided_by", $"UPDATE adjudications SET decided_by = 'someone-else' WHERE alert_id = {a}", Alert),
            new("engagement deleted", $"DELETE FROM engagements WHERE alert_id = {a}", Alert),
            new("engagement's officer", $"UPDATE engagements SET recorded_by = 'someone-else' WHERE alert_id = {a}", Alert),
        ];
    }

    private async Task<LfrResult> PublishSite(string db, string site) =>
        await Lfr.Run("publish", "site", "--out", site, "--db", db, "--now", s.Timeline.Now(12, 10));

    private async Task<LfrResult> PublishOutcome(string db) =>
        await Lfr.Run("deployment", "publish-outcome", Setting.P, "--by", TestUsers.Supervisor, "--db", db, "--now", s.Timeline.Now(11, 10));

    // As an insider would, with the store's foreign keys switched off for the session.
    private static int Apply(string db, Edit edit)
    {
        using var c = Open(db);
        using (var off = c.CreateCommand()) { off.CommandText = "PRAGMA foreign_keys = OFF"; off.ExecuteNonQuery(); }
        using var cmd = c.CreateCommand();
        cmd.CommandText = edit.Sql;
        return cmd.ExecuteNonQuery();
    }

    private static long OutcomesOf(string db, string deployment)
    {
        using var c = Open(db);
        return Scalar<long>(c, $"SELECT COUNT(*) FROM documents WHERE deployment_id = '{deployment}' AND kind = 'outcome'");
    }

    [Fact]
    public async Task The_genuine_store_publishes_its_outcome_and_its_site()
    {
        using var dir = new TempDir();
        var db = s.CopyInto(dir);
        var site = await PublishSite(db, dir["site"]);
        Assert.True(site.Exit == 0, site.ToString());
        var outcome = await PublishOutcome(db);
        Assert.True(outcome.Exit == 0, outcome.ToString());
        Assert.Equal(1, OutcomesOf(db, Setting.P));
        // And the store, with the report it has just frozen, still agrees with its log.
        var again = await PublishSite(db, dir["site2"]);
        Assert.True(again.Exit == 0, again.ToString());
        Assert.True(File.Exists(dir["site2/deployments/DEP-P/outcome.json"]));
    }

    [Fact]
    public void Every_edit_changes_the_store()
    {
        // An edit that matched no row would prove nothing below.
        using var dir = new TempDir();
        foreach (var edit in Edits())
        {
            Assert.True(Apply(s.CopyInto(dir), edit) > 0, $"{edit.Name}: no row changed");
        }
    }

    [Fact]
    public void Any_one_to_three_edits_are_refused_naming_each_edited_record()
    {
        var edits = Edits();
        var cases = Gen.Choose(1, 3).SelectMany(n => Gen.Elements(edits.ToArray()).ListOf(n)).Select(l => l.Distinct().ToList());
        Prop.ForAll(cases.ToArbitrary(), chosen => Refused(chosen)).Check(Config.QuickThrowOnFailure.WithMaxTest(Environment.GetEnvironmentVariable("LFR_EDIT_CASES") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 30));
    }

    [Fact]
    public void Each_edit_alone_is_refused_naming_its_record()
    {
        foreach (var edit in Edits()) Refused([edit]);
    }

    private void Refused(IReadOnlyList<Edit> chosen)
    {
        using var dir = new TempDir();
        var db = s.CopyInto(dir);
        foreach (var edit in chosen) Apply(db, edit);
        // A site folder that already holds a site: a refused publication leaves it as it was.
        Directory.CreateDirectory(dir["site"]);
        File.WriteAllText(dir["site/index.html"], "the site as it was");

        var site = PublishSite(db, dir["site"]).GetAwaiter().GetResult();
        var outcome = PublishOutcome(db).GetAwaiter().GetResult();
        var what = string.Join(" + ", chosen);
        Assert.True(site.Exit == ExitCodes.Rejected, $"{what}: publish site: {site}");
        Assert.True(outcome.Exit == ExitCodes.Rejected, $"{what}: publish-outcome: {outcome}");
        foreach (var r in new[] { site, outcome })
        {
            var error = Assert.Single(r.ErrorLines);
            Assert.StartsWith("error:", error);
            foreach (var edit in chosen)
                Assert.True(NamesRecord(r.Out + r.Error, edit.Record), $"{what}: '{edit.Name}' is not named by its record '{edit.Record}':\n{r}");
        }
        Assert.Equal("the site as it was", File.ReadAllText(dir["site/index.html"]));
        Assert.Equal(["index.html"], Directory.EnumerateFileSystemEntries(dir["site"]).Select(Path.GetFileName));
        Assert.Equal(0, OutcomesOf(db, Setting.P));
    }

    // "alert 1" must not be satisfied by "alert 12".
    private static bool NamesRecord(string output, string record) =>
        System.Text.RegularExpressions.Regex.IsMatch(output, System.Text.RegularExpressions.Regex.Escape(record) + @"(?![0-9A-Za-z-])");
}
