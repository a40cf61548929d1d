using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Oversight;
using LfrAudit.Testing;

namespace LfrAudit.Publishing.Tests;

/// <summary>The IAG's report accounts for every entry of the log, computes deadlines by the product's own rules, and shows what a force would rather hide.</summary>
[Trait("Category", "Dates")]
public class IagReportTests
{
    private static readonly DateTimeOffset Now = Samples.Timeline.At(60, 12);

    private static string Render(IReadOnlyList<AuditEntry> entries) =>
        IagReport.Render(entries.Select(e => System.Text.Encoding.UTF8.GetString(e.Canonical())).ToList(), new VerificationResult(entries.Count, 1, [], null),
            WorkingDayCalendar.EnglandAndWales, Now);

    private static List<AuditEntry> Log(params IAuditEvent[] events) => LogFrom(Samples.Timeline.At(0, 9), events);

    /// <summary>A log whose entries are a minute apart from <paramref name="first"/>; the last one dated <paramref name="last"/> if given.</summary>
    private static List<AuditEntry> LogFrom(DateTimeOffset first, IAuditEvent[] events, DateTimeOffset? last = null)
    {
        var prev = AuditEntry.GenesisPrev;
        var entries = new List<AuditEntry>();
        var at = first.AddMinutes(-1);
        foreach (var (e, i) in events.Select((e, i) => (e, i)))
        {
            // Logged when the step happened, as the product logs it (verification holds a step's time to its entry's).
            at = i == events.Length - 1 && last is { } l ? l : OwnTime(e) is { } own && own > at ? own : at.AddMinutes(1);
            var entry = new AuditEntry(i, at, e.Type, e.ToData(), prev);
            prev = Convert.ToHexStringLower(entry.LeafHash());
            entries.Add(entry);
        }
        return entries;
    }

    private static DateTimeOffset? OwnTime(IAuditEvent e)
    {
        var data = e.ToData();
        var own = new[] { "at", "published_at", "started_at", "ended_at", "cancelled_at", "closed_at" }
            .Select(f => data[f]?.GetValue<string>()).FirstOrDefault(v => v is not null);
        return own is null ? null : DateTimeOffset.Parse(own, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
    }

    [Fact]
    public void Every_entry_of_a_generated_log_of_every_type_is_accounted_for_in_exactly_one_section()
    {
        Prop.ForAll(AuditLogGen.Logs.ToArbitrary(), entries =>
        {
            var html = Render(entries);
            var reading = LogContents.Read(entries);
            var account = LogAccount.Of(reading.Entries);
            var seqs = account.Sections.SelectMany(s => s.Entries).ToList();
            var unknown = entries.Where(e => !AuditVocabulary.IsKnown(e.Type)).ToList();
            bool tied = html.Contains($"data-entries=\"{entries.Count}\" data-accounted=\"{entries.Count}\"", StringComparison.Ordinal)
                && html.Contains($"accounts for all {entries.Count:N0} entries", StringComparison.Ordinal);
            bool once = seqs.Count == entries.Count && seqs.Distinct().Count() == entries.Count;
            bool unknownShown = unknown.All(u => html.Contains(System.Net.WebUtility.HtmlEncode(u.Type), StringComparison.Ordinal))
                && account.Sections.Single(s => s.Anchor == LogAccount.Unknown).Entries.Count == unknown.Count;
            bool contents = account.Sections.All(s => html.Contains($"id=\"{s.Anchor}\"", StringComparison.Ordinal) && html.Contains($"href=\"#{s.Anchor}\"", StringComparison.Ordinal));
            return (tied && once && unknownShown && contents && !html.Contains("did NOT verify", StringComparison.Ordinal))
                .Label($"tied {tied}, once {once}, unknown shown {unknownShown}, contents {contents}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Runs_outside_any_deployment_their_alerts_and_decisions_are_shown_and_flagged()
    {
        var t = Samples.Timeline;
        var html = Render(Log(
            new RunStarted("adhoc-1", null, "cam-x", "file", "wl", new string('a', 64), 5, 0.5, 24, 0.6, "every frame", "m"),
            new AlertRaised(1, "adhoc-1", "cam-x", 0, t.At(0, 10), "WL-1", "court-warrant", 0.7, 0.5, null, new string('b', 64)),
            new AlertAdjudicated(1, "reject", "op.one", t.At(0, 10, 5), "lfr on van as pc"),
            new EvidencePurged(1, "rejected by operator", 1, t.At(0, 10, 5)),
            new RunEnded("adhoc-1", "completed", 10, 0, 10, 3, 3, 1)));
        var outside = html[html.IndexOf("id=\"runs-outside\"", StringComparison.Ordinal)..html.IndexOf("id=\"accounts\"", StringComparison.Ordinal)];
        Assert.Contains("adhoc-1", outside);
        Assert.Contains("reject by op.one (lfr on van as pc)", outside);
        Assert.Contains("searched faces outside any deployment", outside);
        Assert.Matches(new Regex("Recognition runs OUTSIDE any deployment</a></th><td><span class=\"late\">1</span>"), html);
    }

    [Fact]
    public void Operators_assigned_and_every_view_of_evidence_are_shown_with_the_views_per_user()
    {
        var t = Samples.Timeline;
        var hash = new string('a', 64);
        var html = Render(Log(
            new DeploymentPlanned("DEP-9", "High Street, Croydon", t.At(1, 10), t.At(1, 18), "p", "Supt A", ["van-1"], "wl", 0.6, 0, 86400, 2678400),
            new OperatorAssigned("DEP-9", "op.one", "sup.one", t.At(0, 9, 1), "lfr on host as sup"),
            new OperatorAssigned("DEP-9", "op.two", "sup.one", t.At(0, 9, 2), "lfr on host as sup"),
            new DeploymentStarted("DEP-9", t.At(0, 9, 3), "wl", hash, 5, new Dictionary<string, long> { ["court-warrant"] = 5 }, 0.6,
                new OverrideRecord("a named risk to life", "sup.one", t.At(0, 9, 3)), "sup.one", "lfr"),
            new RunStarted("run-9", "DEP-9", "van-1", "file", "wl", hash, 5, 0.6, 24, 0.6, "every frame", "m"),
            new AlertRaised(7, "run-9", "van-1", 0, t.At(0, 9, 5), "WL-1", "court-warrant", 0.7, 0.6, null, hash),
            new EvidenceViewed(7, EvidenceViewed.Probe, "op.one", t.At(0, 9, 10), "console from 10.0.0.7"),
            new EvidenceViewed(7, EvidenceViewed.Reference, "op.one", t.At(0, 9, 11), "console from 10.0.0.7"),
            new EvidenceViewed(7, EvidenceViewed.Probe, "op.two", t.At(0, 9, 12), "console from 10.0.0.8"),
            new OperatorUnassigned("DEP-9", "op.two", "sup.one", t.At(0, 9, 13), "lfr on host as sup")));
        Assert.DoesNotContain("did NOT verify", html);
        var section = html[html.IndexOf("id=\"evidence\"", StringComparison.Ordinal)..html.IndexOf("id=\"purges\"", StringComparison.Ordinal)];
        Assert.Contains("<th scope=\"row\">DEP-9</th><td>op.two</td><td><span class=\"late\">taken off</span></td><td>sup.one (lfr on host as sup)</td>", section);
        // Who was shown what: per user, and every view.
        Assert.Contains("<th scope=\"row\">op.one</th><td>2</td><td>1</td><td>1</td><td>1</td><td>console from 10.0.0.7</td>", section);
        Assert.Contains("<th scope=\"row\">op.two</th><td>1</td><td>1</td><td>0</td><td>1</td><td>console from 10.0.0.8</td>", section);
        Assert.Contains("<th scope=\"row\">7</th><td>DEP-9</td><td>reference image</td><td>op.one (console from 10.0.0.7)</td>", section);
        Assert.Contains("op.one: 2 (1 alerts); op.two: 1 (1 alerts)", html); // the summary
        Assert.Contains("data-entries=\"10\" data-accounted=\"10\"", html);
    }

    [Fact]
    public void Api_keys_issued_and_revoked_are_listed_once_in_the_accounts_section()
    {
        var t = Samples.Timeline;
        const string via = "lfr on host as sup";
        var html = Render(Log(
            new UserAdded("sup.one", "supervisor", "first admin", t.At(0, 9), via),
            new ApiKeyIssued("k0123456789abcdef", "pnc-bridge", "supervisor", "sup.one", t.At(0, 9, 1), via),
            new ApiKeyIssued("kfedcba9876543210", "dashboard", "reviewer", "sup.one", t.At(0, 9, 2), via),
            new ApiKeyRevoked("k0123456789abcdef", "pnc-bridge", "sup.one", t.At(0, 9, 3), via)));
        Assert.DoesNotContain("did NOT verify", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "API keys issued"));
        var section = html[html.IndexOf("id=\"accounts\"", StringComparison.Ordinal)..html.IndexOf("id=\"evidence\"", StringComparison.Ordinal)];
        Assert.Contains("<th scope=\"row\">k0123456789abcdef</th><td>pnc-bridge</td><td>supervisor</td><td>sup.one (lfr on host as sup)</td>", section);
        Assert.Matches("<th scope=\"row\">k0123456789abcdef</th>.*<span class=\"late\">[^<]* by sup.one", section);
        Assert.Matches("<th scope=\"row\">kfedcba9876543210</th><td>dashboard</td><td>reviewer</td><td>[^<]*</td><td>[^<]*</td><td>no</td>", section);
        Assert.Contains("data-entries=\"4\" data-accounted=\"4\"", html);
    }

    [Fact]
    public void Users_disabled_enabled_removed_and_given_new_passwords_are_listed_with_where_each_stands()
    {
        var t = Samples.Timeline;
        const string via = "lfr on host as sup";
        var html = Render(Log(
            new UserAdded("sup.one", "supervisor", "first admin", t.At(0, 9), via),
            new UserAdded("op.one", "operator", "sup.one", t.At(0, 9, 1), via),
            new UserAdded("op.two", "operator", "sup.one", t.At(0, 9, 2), via),
            new PasswordChanged("op.one", "sup.one", t.At(0, 9, 3), via),
            new UserDisabled("op.one", "sup.one", t.At(0, 9, 4), via),
            new SignInRecorded(false, "op.one", "10.0.0.7", t.At(0, 9, 5)),
            new UserDisabled("op.two", "sup.one", t.At(0, 9, 6), via),
            new UserEnabled("op.two", "sup.one", t.At(0, 9, 7), via),
            new UserRemoved("op.one", "sup.one", t.At(0, 9, 8), via)));
        Assert.DoesNotContain("did NOT verify", html);
        var section = html[html.IndexOf("id=\"accounts\"", StringComparison.Ordinal)..html.IndexOf("id=\"evidence\"", StringComparison.Ordinal)];
        // Where each stands now, and every change with who made it.
        Assert.Contains("<th scope=\"row\">op.one</th><td>operator</td><td>sup.one (lfr on host as sup)</td>", section);
        Assert.Matches("<th scope=\"row\">op.one</th><td>operator</td><td>[^<]*</td><td>[^<]*</td><td><span class=\"late\">removed</span></td>", section);
        Assert.Matches("<th scope=\"row\">op.two</th><td>operator</td><td>[^<]*</td><td>[^<]*</td><td>active</td>", section);
        Assert.Contains("<th scope=\"row\">op.one</th><td>new password</td><td>sup.one (lfr on host as sup)</td>", section);
        Assert.Contains("<th scope=\"row\">op.two</th><td>enabled</td>", section);
        Assert.Contains("<th scope=\"row\">op.one</th><td><span class=\"late\">removed</span></td>", section);
        Assert.Contains("2 disabled, 1 enabled, 1 removed, 1 new passwords", html); // the summary
        Assert.Contains("data-entries=\"9\" data-accounted=\"9\"", html);
    }

    [Fact]
    public void A_deployment_ended_late_owes_its_outcome_from_the_planned_end_as_the_rules_say()
    {
        var t = Samples.Timeline;
        var plannedEnd = t.At(10, 18);
        var endedLate = t.At(13, 18);         // three days late
        var due = DeploymentRules.OutcomeDeadline(plannedEnd, WorkingDayCalendar.EnglandAndWales).DueBy;
        var publishedAt = due.AddHours(1);    // inside 5 working days of the actual end, after those of the planned end
        Assert.True(publishedAt < DeploymentRules.OutcomeDueBy(endedLate, WorkingDayCalendar.EnglandAndWales));
        var html = Render(Log(
            new DeploymentPlanned("DEP-L", "High Street, Croydon", t.At(10, 10), plannedEnd, "p", "Supt A", ["van-1"], "wl", 0.6, 0, 86400, 2678400),
            new NoticePublished("DEP-L", t.At(1, 9), t.At(3, 10), true),
            new DeploymentStarted("DEP-L", t.At(10, 10), "wl", new string('a', 64), 5, new Dictionary<string, long>(), 0.6, null),
            new DeploymentEnded("DEP-L", endedLate),
            new OutcomePublished("DEP-L", publishedAt)));
        Assert.Contains(LondonTime.Show(due), html);
        Assert.Matches(new Regex("Outcome report \\(5 working days[^<]*</th><td>[^<]*</td><td>[^<]*</td><td><span class=\"late\">missed</span>"), html);
    }

    private static IAuditEvent[] LiveDeployment(string id, DateTimeOffset start, DateTimeOffset plannedEnd, DateTimeOffset noticeAt) =>
    [
        new DeploymentPlanned(id, "High Street, Croydon", start, plannedEnd, "p", "Supt A", ["van-1"], "wl", 0.6, 0, 86400, 2678400),
        new NoticePublished(id, noticeAt, DeploymentRules.NoticeDeadline(start), true), // 7 days before in London time, across a clock change too
        new DeploymentStarted(id, start, "wl", new string('a', 64), 5, new Dictionary<string, long>(), 0.6, null),
    ];

    private static readonly Regex OutcomeRow = new("Outcome report \\(5 working days[^<]*</th><td>([^<]*)</td><td>([^<]*)</td><td>(.*?)</td></tr>");

    [Fact]
    public void A_simulation_run_ahead_of_the_report_clock_still_owes_the_outcome_of_a_deployment_left_live()
    {
        // A simulated programme ran months past the real clock that writes the report: its deployment went live and was
        // never ended, and the simulation's clock went on well past its planned end.
        var t = Samples.Timeline;
        var start = t.At(80, 10);
        var plannedEnd = t.At(80, 18);
        var events = LiveDeployment("DEP-SIM", start, plannedEnd, t.At(70, 9))
            .Append(new DeploymentPlanned("DEP-NEXT", "Market Place, Croydon", t.At(120, 10), t.At(120, 18), "p", "Supt A", ["van-2"], "wl", 0.6, 0, 86400, 2678400)).ToArray();
        var html = Render(LogFrom(t.At(70, 9), events, last: t.At(95, 9)));
        var due = DeploymentRules.OutcomeDeadline(plannedEnd, WorkingDayCalendar.EnglandAndWales).DueBy;
        Assert.True(due < t.At(95, 9) && due > Now);
        var row = OutcomeRow.Match(html);
        Assert.True(row.Success, "no outcome-report row for the deployment left live");
        Assert.StartsWith(System.Net.WebUtility.HtmlEncode(LondonTime.Show(due)), row.Groups[1].Value);
        Assert.Equal("not published", row.Groups[2].Value);
        // Judged at the simulation's latest time, when it was overdue: not "not yet due" by the real clock.
        Assert.Contains("overdue", row.Groups[3].Value);
        Assert.Contains("id=\"judged-at\"", html);
        Assert.Contains("simulation", html[html.IndexOf("id=\"judged-at\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void A_deployment_still_live_before_its_planned_end_shows_its_outcome_deadline_at_the_latest()
    {
        var t = Samples.Timeline;
        var start = t.At(60, 10);      // live on the report's day (Now is day 60 at noon), planned to end at 18:00
        var plannedEnd = t.At(60, 18);
        var html = Render(LogFrom(t.At(50, 9), LiveDeployment("DEP-NOW", start, plannedEnd, t.At(50, 9)), last: t.At(60, 10)));
        var row = OutcomeRow.Match(html);
        Assert.True(row.Success, "no outcome-report row for the live deployment");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(LondonTime.Show(DeploymentRules.OutcomeDeadline(plannedEnd, WorkingDayCalendar.EnglandAndWales).DueBy)), row.Groups[1].Value);
        Assert.Contains("at the latest", row.Groups[1].Value);
        Assert.Equal("not yet due", row.Groups[3].Value);
    }

    [Fact]
    public void A_log_that_did_not_verify_shows_only_its_problems()
    {
        var entries = Log(new UserAdded("op.one", "operator", "admin", Now));
        var html = IagReport.Render(entries.Select(e => System.Text.Encoding.UTF8.GetString(e.Canonical())).ToList(),
            new VerificationResult(1, 0, ["tree head at line 1: signed by another key"], 0), WorkingDayCalendar.EnglandAndWales, Now);
        Assert.Contains("did NOT verify", html);
        Assert.Contains("signed by another key", html);
        Assert.DoesNotContain("op.one", html);
    }
}
