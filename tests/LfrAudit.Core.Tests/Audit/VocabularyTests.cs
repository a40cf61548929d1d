using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Testing;

namespace LfrAudit.Core.Tests.Audit;

/// <summary>One typed vocabulary: what writes an entry reads it back, the documentation lists exactly it, and a log's content is checked by it.</summary>
public class VocabularyTests
{
    [Fact]
    public void Docs_audit_log_table_lists_exactly_the_vocabulary()
    {
        var doc = File.ReadAllText(Repository.File("docs", "audit-log.md"));
        var rows = Regex.Matches(doc, @"^\| `([a-z_.]+)` \| (.*?) \| (.*?) \|$", RegexOptions.Multiline).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
        var expected = AuditVocabulary.Kinds.Select(k => (k.Type, k.When, k.Holds)).ToList();
        Assert.True(rows.SequenceEqual(expected), "docs/audit-log.md's table of events differs from the vocabulary; it should read:\n"
            + string.Join("\n", expected.Select(e => $"| `{e.Type}` | {e.When} | {e.Holds} |")));
    }

    [Fact]
    public void Every_event_a_generated_log_holds_reads_back_as_the_same_event_and_the_log_holds_together()
    {
        Prop.ForAll(AuditLogGen.Logs.ToArbitrary(), entries =>
        {
            var reading = LogContents.Read(entries);
            // Unknown types are shown, not failures; every known one reads back to data that writes the same bytes.
            var known = reading.Entries.Where(r => !r.IsUnknownType).ToList();
            return (reading.Ok && known.All(r => r.WellFormed
                    && CanonicalJson.EncodeToString(r.Event!.ToData()) == CanonicalJson.EncodeToString(r.Entry.Data)))
                .Label(string.Join("; ", reading.Problems));
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("alert.raised", "{\"alert\":1,\"run\":\"r\",\"camera\":\"c\",\"frame\":0,\"captured_at\":\"not a date\",\"candidate\":\"WL-1\",\"category\":\"court-warrant\",\"score\":\"0.7\",\"threshold\":\"0.6\",\"track\":null,\"evidence_sha256\":\"" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\"}", "'captured_at' is not a time")]
    [InlineData("watchlist.enrolled", "{\"name\":\"wl\",\"content_hash\":\"abc\",\"entries\":5,\"reference_images\":5,\"model\":\"m\",\"categories\":{}}", "'content_hash' is not a SHA-256")]
    [InlineData("deployment.planned", "{\"deployment\":\"D\"}", "'location' is missing")]
    [InlineData("evidence.purged", "{\"purge\":1,\"reason\":\"r\",\"alerts\":\"5.5\",\"at\":\"2027-01-01T00:00:00.0000000Z\"}", "'alerts' is not a whole number")]
    [InlineData("alert.adjudicated", "{\"alert\":[],\"decision\":\"confirm\",\"by\":\"op\",\"at\":\"2027-01-01T00:00:00.0000000Z\"}", "'alert' is not a whole number")]
    public void Well_signed_entries_that_say_nothing_sensible_are_located_failures(string type, string data, string problem)
    {
        var entry = new AuditEntry(0, DateTimeOffset.UnixEpoch.AddYears(57), type, System.Text.Json.Nodes.JsonNode.Parse(data)!.AsObject(), AuditEntry.GenesisPrev);
        var reading = LogContents.Read([entry]);
        Assert.False(reading.Ok);
        Assert.Equal(0, reading.FirstBadEntry);
        Assert.Contains(reading.Problems, p => p.StartsWith($"entry 0 ({type}):", StringComparison.Ordinal) && p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void An_alert_raised_twice_or_decided_without_being_raised_or_twice_is_a_located_failure()
    {
        var t0 = DateTimeOffset.UnixEpoch.AddYears(57);
        // Every entry is logged at t0 and says so: only the order of entries differs between the cases.
        AuditEntry E(long seq, IAuditEvent e) => new(seq, t0, e.Type, e.ToData(), AuditEntry.GenesisPrev);
        var run = new RunStarted("run", null, "cam", "file", "wl", new string('a', 64), 5, 0.6, 24, 0.6, "every frame", "model");
        var raised = new AlertRaised(7, "run", "cam", 0, t0, "WL-1", "court-warrant", 0.7, 0.6, null, new string('a', 64));
        var decided = new AlertAdjudicated(7, "confirm", "op", t0);
        Assert.Contains("alert 7 is raised again (first at entry 1)", LogContents.Read([E(0, run), E(1, raised), E(2, raised)]).Problems.Single());
        Assert.Contains("which no earlier entry of this log raised", LogContents.Read([E(0, run), E(1, decided)]).Problems.Single());
        Assert.Contains("decided again", LogContents.Read([E(0, run), E(1, raised), E(2, decided), E(3, decided)]).Problems.Single());
        Assert.Contains("no earlier entry of this log confirmed",
            LogContents.Read([E(0, run), E(1, raised), E(2, new EngagementRecorded(7, "arrested", "op", t0))]).Problems.Single());
        Assert.True(LogContents.Read([E(0, run), E(1, raised), E(2, decided)]).Ok);
    }
}
