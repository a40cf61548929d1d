using System.Text.Json.Nodes;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Calendar;
using LfrAudit.Core.Deployments;
using LfrAudit.Publishing.Rendering;

namespace LfrAudit.Publishing.Oversight;

/// <summary>
/// The independent advisory group's report, built only from an audit log export it has verified itself:
/// the verification result first; then, per deployment, a timeline with the deadlines and whether they were
/// met, alerts and decisions, threshold changes and overrides; then watchlist enrolments and every deletion
/// of evidence with its count and time. If the log does not verify, the report says so and shows nothing
/// else: unverified entries are not evidence.
/// </summary>
public static class IagReport
{
    public static string Render(IReadOnlyList<string> entryLines, VerificationResult verification, WorkingDayCalendar calendar, DateTimeOffset generatedAt)
    {
        var h = new Html();
        h.H(1, "Audit report for the independent advisory group");
        h.P($"Generated {Show.Time(generatedAt)} from an audit log export of {Show.Count(verification.Entries)} entries and {verification.Heads} signed tree heads.");
        if (!verification.Ok)
        {
            h.Line("<p class=\"note late\">The log did NOT verify. Nothing in it can be relied on until the problems below are explained.</p>");
            h.Line("<ul>" + string.Concat(verification.Problems.Select(p => $"<li>{Html.E(p)}</li>")) + "</ul>");
            return Html.Page("Audit report: log did not verify", h.ToString(), "#content");
        }
        h.Line("<p class=\"note ontime\">Verified: every entry is in order and unaltered, every tree head's signature holds, and each head extends the one before it.</p>");

        var entries = entryLines.Select(l => AuditEntry.FromJson(JsonNode.Parse(l)!.AsObject())).ToList();
        string S(AuditEntry e, string key) => e.Data[key]?.ToString() ?? "";
        DateTimeOffset T(AuditEntry e, string key) => DateTimeOffset.Parse(S(e, key), System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

        var runsOf = entries.Where(e => e.Type == "run.started" && e.Data["deployment"] is not null)
            .GroupBy(e => S(e, "deployment")).ToDictionary(g => g.Key, g => g.Select(e => S(e, "run")).ToHashSet());
        var alertRun = entries.Where(e => e.Type == "alert.raised").ToDictionary(e => S(e, "alert"), e => S(e, "run"));

        foreach (var planned in entries.Where(e => e.Type == "deployment.planned"))
        {
            var id = S(planned, "deployment");
            var events = entries.Where(e => e.Type.StartsWith("deployment.", StringComparison.Ordinal) && S(e, "deployment") == id).ToList();
            h.H(2, $"Deployment {id}: {S(planned, "location")}");
            var rows = new List<string[]>();
            foreach (var e in events)
            {
                var when = new[] { "published_at", "started_at", "ended_at", "cancelled_at", "at" }.Select(k => e.Data[k]?.ToString()).FirstOrDefault(v => v is not null);
                rows.Add([Html.E(e.Type["deployment.".Length..].Replace('_', ' ')),
                    Html.E(when is null ? "" : Show.Time(DateTimeOffset.Parse(when, System.Globalization.CultureInfo.InvariantCulture))),
                    Html.E(Show.Time(e.At)), Html.E(Describe(e))]);
            }
            var start = T(planned, "planned_start");
            var noticeDeadline = DeploymentRules.NoticeDeadline(start);
            var notice = events.FirstOrDefault(e => e.Type == "deployment.notice_published");
            var started = events.FirstOrDefault(e => e.Type == "deployment.started");
            var ended = events.FirstOrDefault(e => e.Type == "deployment.ended");
            var outcome = events.FirstOrDefault(e => e.Type == "deployment.outcome_published");
            h.Table("Timeline", ["Event", "When", "Logged", "Details"], rows);

            var deadlines = new List<string[]>
            {
                new[] { "Notice (7 days before the planned start)", Html.E(Show.Time(noticeDeadline)),
                    Html.E(notice is null ? "not published" : Show.Time(T(notice, "published_at"))),
                    Verdict(notice is not null && T(notice, "published_at") <= noticeDeadline, started?.Data["urgent_override"] is not null) },
            };
            if (ended is not null)
            {
                var due = DeploymentRules.OutcomeDueBy(T(ended, "ended_at"), calendar);
                deadlines.Add(new[] { "Outcome report (5 working days after the end)", Html.E(Show.Time(due)),
                    Html.E(outcome is null ? "not published" : Show.Time(T(outcome, "published_at"))),
                    Verdict(outcome is not null && T(outcome, "published_at") < due, false) });
            }
            h.Table("Deadlines", ["Document", "Due by", "Published", "Met?"], deadlines);

            var runs = runsOf.GetValueOrDefault(id) ?? [];
            var alerts = entries.Where(e => e.Type == "alert.raised" && runs.Contains(S(e, "run"))).ToList();
            var alertIds = alerts.Select(a => S(a, "alert")).ToHashSet();
            var decisions = entries.Where(e => e.Type == "alert.adjudicated" && alertIds.Contains(S(e, "alert"))).ToDictionary(e => S(e, "alert"));
            var outcomes = entries.Where(e => e.Type == "alert.engagement" && alertIds.Contains(S(e, "alert"))).ToDictionary(e => S(e, "alert"));
            long faces = entries.Where(e => e.Type == "faces.counted" && runs.Contains(S(e, "run"))).Sum(e => e.Data["seen"]!.GetValue<long>());
            h.P($"{Show.Count(faces)} faces seen; {alerts.Count} alerts.");
            if (alerts.Count > 0)
                h.Table("Alerts and decisions", ["Alert", "Raised", "Candidate", "Score", "Decision", "Outcome"],
                    alerts.Select(a => new[]
                    {
                        Html.E(S(a, "alert")), Html.E(Show.Time(T(a, "captured_at"))), Html.E($"{S(a, "candidate")} ({S(a, "category")})"), Html.E(S(a, "score")),
                        Html.E(decisions.TryGetValue(S(a, "alert"), out var d) ? $"{S(d, "decision")} by {S(d, "by")}, {Show.Time(T(d, "at"))}" : "not adjudicated"),
                        Html.E(outcomes.TryGetValue(S(a, "alert"), out var o) ? $"{S(o, "outcome")} ({S(o, "by")})" : ""),
                    }));
        }

        h.H(2, "Watchlists enrolled");
        h.Table("Watchlist enrolments", ["Watchlist", "Recorded", "Entries", "Content hash"],
            entries.Where(e => e.Type == "watchlist.enrolled").Select(e => new[] { Html.E(S(e, "name")), Html.E(Show.Time(e.At)), Html.E(S(e, "entries")), $"<code>{Html.E(S(e, "content_hash")[..16])}…</code>" }));
        h.H(2, "Deletions of biometric evidence");
        var purges = entries.Where(e => e.Type == "evidence.purged").ToList();
        if (purges.Count == 0) h.P("None recorded.");
        else h.Table("Retention purges", ["Purge", "When", "Reason", "Alerts"],
            purges.Select(e => new[] { Html.E(S(e, "purge")), Html.E(Show.Time(T(e, "at"))), Html.E(S(e, "reason")), Html.E(S(e, "alerts")) }));
        return Html.Page("Audit report for the independent advisory group", h.ToString(), "#content");
    }

    private static string Verdict(bool met, bool overridden) =>
        met ? "<span class=\"ontime\">met</span>" : overridden ? "<span class=\"late\">missed: urgent override</span>" : "<span class=\"late\">missed</span>";

    private static string Describe(AuditEntry e) => e.Type switch
    {
        "deployment.planned" => $"{Show.Time(DateTimeOffset.Parse(e.Data["planned_start"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture))} to {Show.Time(DateTimeOffset.Parse(e.Data["planned_end"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture))}; cameras {string.Join(", ", e.Data["cameras"]!.AsArray().Select(x => x!.ToString()))}; watchlist {e.Data["watchlist"]}; threshold {e.Data["threshold"]}; authorised by {e.Data["authorised_by"]}",
        "deployment.notice_published" => $"on time: {e.Data["on_time"]}",
        "deployment.started" => $"watchlist {e.Data["watchlist"]} ({e.Data["watchlist_entries"]} entries, hash {e.Data["watchlist_hash"]?.ToString()[..16]}…), threshold {e.Data["threshold"]}"
            + (e.Data["urgent_override"] is JsonObject o ? $"; URGENT OVERRIDE by {o["by"]}: {o["reason"]}" : ""),
        "deployment.threshold_changed" => $"{e.Data["from"]} to {e.Data["to"]} by {e.Data["by"]}: {e.Data["reason"]}",
        "deployment.cancelled" => $"reason: {e.Data["reason"]}",
        _ => "",
    };
}
