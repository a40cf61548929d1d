namespace LfrAudit.Core.Audit.Vocabulary;

/// <summary>A log's entries read with the vocabulary, and whatever they say that does not hold together.</summary>
public sealed record LogReading(IReadOnlyList<ReadEntry> Entries, IReadOnlyList<string> Problems, long? FirstBadEntry)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// The second half of verifying a log: after its chain, signatures and heads hold (<see cref="LogVerifier"/>), every entry
/// is read as its type's event and the entries are checked against each other — an alert raised once, decided at most
/// once, an outcome only for a confirmed alert, steps only of a deployment that was planned — so that a log that is
/// signed but says something impossible fails with the entry named, rather than misleading a report. An entry of a type
/// this version does not know is not a failure: the report shows it.
/// </summary>
public static class LogContents
{
    private const int MaxProblems = 20;

    public static LogReading Read(IReadOnlyList<AuditEntry> entries)
    {
        var read = new List<ReadEntry>(entries.Count);
        var problems = new List<string>();
        long? first = null;
        void Bad(AuditEntry e, string problem)
        {
            first ??= e.Seq;
            if (problems.Count < MaxProblems) problems.Add($"entry {e.Seq} ({Inputs.SafeText.Escape(e.Type)}): {problem}");
        }

        var raised = new Dictionary<long, long>();        // alert → entry that raised it
        var decided = new Dictionary<long, (long Seq, string Decision)>();
        var planned = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var r = AuditVocabulary.Read(entry);
            read.Add(r);
            if (r.IsUnknownType) continue;
            foreach (var p in r.Problems) Bad(entry, p);
            switch (r.Event)
            {
                case AlertRaised a:
                    if (raised.TryGetValue(a.Alert, out var firstRaise)) Bad(entry, $"alert {a.Alert} is raised again (first at entry {firstRaise})");
                    else raised[a.Alert] = entry.Seq;
                    break;
                case AlertAdjudicated d:
                    if (!raised.ContainsKey(d.Alert)) Bad(entry, $"a decision on alert {d.Alert}, which no earlier entry of this log raised");
                    else if (decided.TryGetValue(d.Alert, out var earlier)) Bad(entry, $"alert {d.Alert} is decided again (first at entry {earlier.Seq}); a decision is final");
                    else decided[d.Alert] = (entry.Seq, d.Decision);
                    break;
                case EngagementRecorded o:
                    if (!decided.TryGetValue(o.Alert, out var decision) || decision.Decision != "confirm")
                        Bad(entry, $"an engagement outcome for alert {o.Alert}, which no earlier entry of this log confirmed");
                    break;
                case AlertSighted s when !raised.ContainsKey(s.Alert):
                    Bad(entry, $"sightings of alert {s.Alert}, which no earlier entry of this log raised");
                    break;
                case DeploymentPlanned p:
                    if (planned.TryGetValue(p.Deployment, out var again)) Bad(entry, $"deployment {Inputs.SafeText.Escape(p.Deployment)} is planned again (first at entry {again})");
                    else planned[p.Deployment] = entry.Seq;
                    break;
                case IAuditEvent e when DeploymentOf(e) is { } id && !planned.ContainsKey(id):
                    Bad(entry, $"a step of deployment {Inputs.SafeText.Escape(id)}, which no earlier entry of this log planned");
                    break;
            }
        }
        return new LogReading(read, problems, first);
    }

    /// <summary>The deployment a step belongs to, for the steps that can only follow its planning.</summary>
    private static string? DeploymentOf(IAuditEvent e) => e switch
    {
        NoticePublished x => x.Deployment,
        DeploymentStarted x => x.Deployment,
        DeploymentEnded x => x.Deployment,
        DeploymentCancelled x => x.Deployment,
        OutcomePublished x => x.Deployment,
        ThresholdChanged x => x.Deployment,
        DocumentPublished x => x.Deployment,
        _ => null,
    };
}
