using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Published;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// What a deployment's outcome is counted from, record by record against the log: each run (camera, threshold, how it
/// ended, faces seen), each alert raised in it (camera, frame, time, candidate, category, score, threshold, track), each
/// operator's decision and each engagement outcome (what, by whom, when) — then the figures themselves.
/// </summary>
internal static class RunRecordCheck
{
    public static void Compare(Disagreements found, IStore store, Deployment d, LogRecords log)
    {
        var logged = log.RunsOf(d.Id.Value).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var stored = store.Deployments.RunsOf(d.Id);
        foreach (var run in stored.Where(r => !logged.ContainsKey(r.Run.Value)))
            found.Add($"run {run.Run} of deployment {d.Id}: in the store, but the audit log never started it for this deployment");
        foreach (var run in logged.Values.Where(r => stored.All(s => s.Run.Value != r.Id)))
            found.Add($"run {run.Id} of deployment {d.Id}: started in the audit log at entry {run.Started.Seq}, but missing from the store");
        foreach (var run in stored)
        {
            if (!logged.TryGetValue(run.Run.Value, out var h)) continue;
            var record = $"run {run.Run} of deployment {d.Id}";
            found.Compare(record, "its camera", run.Camera.Value, h.Started.Event.Camera, h.Started.Seq);
            found.Compare(record, "its threshold", EventJson.Decimal(run.Threshold.Value), EventJson.Decimal(h.Threshold), h.LatestThresholdApplied?.Seq ?? h.Started.Seq);
            found.Compare(record, "how it ended", run.End, h.End, h.LatestEntry);
            if (run.End is not null && h.FacesSeenAtEnd is { } seen)
                found.Compare(record, "faces seen", run.FacesSeen.ToString(System.Globalization.CultureInfo.InvariantCulture), seen.ToString(System.Globalization.CultureInfo.InvariantCulture), h.LatestEntry);
            Alerts(found, store, run.Run, log);
        }
        Figures(found, d, store.Deployments.Figures(d.Id), FiguresFromLog.Of(log, d.Id.Value));
    }

    private static void Alerts(Disagreements found, IStore store, RunId run, LogRecords log)
    {
        var logged = log.Alerts.Where(kv => kv.Value.Raised.Event.Run == run.Value).ToDictionary(kv => kv.Key, kv => kv.Value);
        var stored = store.Runs().List(run);
        foreach (var a in stored.Where(a => !logged.ContainsKey(a.Id.Value)))
            found.Add($"alert {a.Id.Value} of run {run}: in the store, but the audit log never raised it");
        foreach (var (id, h) in logged.Where(kv => stored.All(a => a.Id.Value != kv.Key)))
            found.Add($"alert {id} of run {run}: raised in the audit log at entry {h.Raised.Seq}, but missing from the store");
        foreach (var a in stored)
        {
            if (!logged.TryGetValue(a.Id.Value, out var h)) continue;
            void Check(string field, string? inStore, string? inLog, long entry) => found.Compare($"alert {a.Id.Value}", field, inStore, inLog, entry);
            var raised = h.Raised.Event;
            Check("what was raised", Raised(a.Alert.Camera.Value, a.Alert.FrameIndex, a.Alert.CapturedAt, a.Alert.Candidate.Value, a.Alert.Category.ToName(), a.Alert.Score, a.Alert.Threshold.Value, a.Alert.Track),
                Raised(raised.Camera, raised.Frame, raised.CapturedAt, raised.Candidate, raised.Category, raised.Score, raised.Threshold, raised.Track), h.Raised.Seq);
            var decision = store.Adjudications.FindAdjudication(a.Id);
            Check("its decision", decision is null ? null : Act(decision.Decision.Name(), decision.By, decision.At),
                h.Decision is { } hd ? Act(hd.Event.Decision, hd.Event.By, hd.Event.At) : null, h.Decision?.Seq ?? h.Raised.Seq);
            var engagement = store.Adjudications.FindEngagement(a.Id);
            Check("its engagement outcome", engagement is null ? null : Act(engagement.Outcome.Name(), engagement.By, engagement.At),
                h.Engagement is { } he ? Act(he.Event.Outcome, he.Event.By, he.Event.At) : null, h.Engagement?.Seq ?? h.Raised.Seq);
        }
    }

    private static string Raised(string camera, long frame, DateTimeOffset at, string candidate, string category, double score, double threshold, string? track) =>
        $"camera {camera}, frame {frame} at {AuditEntry.Time(at)}: {candidate} ({category}) scoring {EventJson.Decimal(score)} at threshold {EventJson.Decimal(threshold)}, track {track ?? "none"}";

    private static string Act(string what, string by, DateTimeOffset at) => $"{what} by {by} at {AuditEntry.Time(at)}";

    // The figures an outcome report counts, from the store's query against the log's count (the existing wording, kept).
    private static void Figures(Disagreements found, Deployment d, OutcomeFigures store, OutcomeFigures log)
    {
        var pairs = new (string Name, long Store, long Log)[]
        {
            ("faces seen", store.FacesSeen, log.FacesSeen), ("alerts", store.Alerts, log.Alerts), ("confirmed", store.Confirmed, log.Confirmed),
            ("rejected", store.Rejected, log.Rejected), ("unsure", store.Unsure, log.Unsure), ("not decided", store.NotAdjudicated, log.NotAdjudicated),
            ("engagement outcomes", store.Engagements.Values.Sum(), log.Engagements.Values.Sum()), ("arrests", store.Arrests, log.Arrests),
            ("runs interrupted", store.RunsInterrupted, log.RunsInterrupted),
        };
        foreach (var (name, s, l) in pairs.Where(p => p.Store != p.Log))
            found.Add($"deployment {d.Id}'s records in the store: {name} {s}, where the audit log records {l}");
        if (!store.Models.SequenceEqual(log.Models, StringComparer.Ordinal))
            found.Add($"deployment {d.Id}'s records in the store: models used {Disagreements.Show(string.Join(", ", store.Models))}, where the audit log records {Disagreements.Show(string.Join(", ", log.Models))}");
        foreach (var outcome in store.Engagements.Keys.Union(log.Engagements.Keys).Where(o => store.Engagements.GetValueOrDefault(o) != log.Engagements.GetValueOrDefault(o)))
            found.Add($"deployment {d.Id}'s records in the store: '{outcome.Name()}' outcomes {store.Engagements.GetValueOrDefault(outcome)}, where the audit log records {log.Engagements.GetValueOrDefault(outcome)}");
    }
}
