using System.Globalization;
using LfrAudit.Governance.Audit.Vocabulary;

namespace LfrAudit.Governance.Audit.Published;

/// <summary>
/// A site's log read as records: each deployment's history, each run and each alert with what became of it, and the
/// watchlists enrolled. Read from the log alone, so what a store holds and what is published can be checked against it.
/// It reads deployment.planned (the first per id), the steps notice, started, ended, cancelled, outcome and threshold
/// changes and document.published (the first of each kind); watchlist.enrolled; run.started, run.threshold_applied,
/// faces.counted, run.ended and run.interrupted; alert.raised, alert.adjudicated and alert.engagement (the first
/// each); and store.imported's alert renumbering. Every other entry is left to the IAG's report. (A sibling read model
/// for the store import, Governance/Audit/Records, reads the same log for another purpose.)
/// </summary>
public sealed class LogRecords
{
    private readonly Dictionary<string, DeploymentHistory> _deployments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunHistory> _runs = new(StringComparer.Ordinal);
    private Dictionary<long, AlertHistory> _alerts = [];
    private readonly List<Recorded<WatchlistEnrolled>> _watchlists = [];

    /// <summary>Each deployment's history, by its id.</summary>
    public IReadOnlyDictionary<string, DeploymentHistory> Deployments => _deployments;

    /// <summary>Each run's history, by its id.</summary>
    public IReadOnlyDictionary<string, RunHistory> Runs => _runs;

    /// <summary>Alerts by the id the store knows them by now (a central store's import gave alerts new ids, and recorded them).</summary>
    public IReadOnlyDictionary<long, AlertHistory> Alerts => _alerts;

    /// <param name="before">Only entries before this one: the log as it stood when a document was published.</param>
    public static LogRecords Read(IReadOnlyList<ReadEntry> entries, long? before = null)
    {
        var log = new LogRecords();
        foreach (var r in entries)
        {
            if (before is { } limit && r.Entry.Seq >= limit) break;
            if (r.Event is { } e) log.Take(r.Entry, e);
        }
        return log;
    }

    /// <summary>The records of a log's stored lines; a line that does not parse is left out (the verifier names it).</summary>
    public static LogRecords Read(IEnumerable<string> lines)
    {
        var entries = new List<AuditEntry>();
        foreach (var line in lines)
            if (AuditEntry.TryParse(line, out var e, out _)) entries.Add(e);
        return Read(LogContents.Read(entries).Entries);
    }

    /// <summary>The watchlist of that name as last enrolled before <paramref name="before"/>, if the log recorded it.</summary>
    public Recorded<WatchlistEnrolled>? Watchlist(string name, long before) =>
        _watchlists.LastOrDefault(w => w.Event.Name == name && w.Seq < before);

    /// <summary>The runs started for one deployment, in no particular order.</summary>
    public IEnumerable<RunHistory> RunsOf(string deployment) => _runs.Values.Where(r => r.Started.Event.Deployment == deployment);

    private void Take(AuditEntry entry, IAuditEvent e)
    {
        switch (e)
        {
            case DeploymentPlanned p: _deployments.TryAdd(p.Deployment, new DeploymentHistory(new(entry, p))); break;
            case NoticePublished or DeploymentStarted or DeploymentEnded or DeploymentCancelled or OutcomePublished or ThresholdChanged or DocumentPublished
                when DeploymentSteps.StepOf(e) is { } id && _deployments.TryGetValue(id, out var history):
                history.Take(entry, e);
                break;
            case WatchlistEnrolled w: _watchlists.Add(new(entry, w)); break;
            case RunStarted s: _runs.TryAdd(s.Run, new RunHistory(new(entry, s))); break;
            case ThresholdApplied t when _runs.TryGetValue(t.Run, out var run): run.LatestThresholdApplied = new(entry, t); break;
            case FacesCounted f when _runs.TryGetValue(f.Run, out var run): run.FacesCounted += f.Seen; break;
            case RunEnded x when _runs.TryGetValue(x.Run, out var run): run.Ended ??= new(entry, x); break;
            case RunInterrupted x when _runs.TryGetValue(x.Run, out var run): run.Interrupted ??= new(entry, x); break;
            case AlertRaised a: _alerts.TryAdd(a.Alert, new AlertHistory(new(entry, a))); break;
            case AlertAdjudicated d when _alerts.TryGetValue(d.Alert, out var alert): alert.Decision ??= new(entry, d); break;
            case EngagementRecorded o when _alerts.TryGetValue(o.Alert, out var alert): alert.Engagement ??= new(entry, o); break;
            case StoreImported i:
                // Entries after the import name alerts by their new ids; those before it, by the site's own.
                _alerts = _alerts.ToDictionary(kv => i.AlertIds.TryGetValue(kv.Key.ToString(CultureInfo.InvariantCulture), out var id) ? id : kv.Key, kv => kv.Value);
                break;
        }
    }
}
