using System.Text.Json;
using System.Text.Json.Serialization;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Events;

/// <summary>
/// What another force system is told: an alert raised, decided, or its officers' outcome recorded. It names the alert,
/// where and what it matched, and who decided; it never carries biometric data (no image, no embedding, no hash of
/// either). <see cref="Seq"/> is the audit entry it was read from, so a receiver can ask the log for the proof.
/// </summary>
/// <param name="Kind">alert.raised, alert.decided or alert.outcome (<see cref="OutboundEventKinds"/>).</param>
public sealed record OutboundEvent(
    string Kind,
    string Site,
    long Seq,
    long Alert,
    DateTimeOffset At,
    string? Deployment,
    string? Camera = null,
    string? Candidate = null,
    string? Category = null,
    double? Score = null,
    string? Decision = null,
    string? Outcome = null,
    string? By = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The event as its receivers get it: one JSON object, snake_case, absent members left out.</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>
    /// The event an audit entry is for, or null for an entry no receiver is told of. The deployment is looked up in
    /// <paramref name="store"/> (an alert's run names it).
    /// </summary>
    public static OutboundEvent? From(AuditEntry entry, SiteId site, IStore store) => AuditVocabulary.Read(entry).Event switch
    {
        AlertRaised r => new(OutboundEventKinds.Raised, site.Value, entry.Seq, r.Alert, entry.At, store.Runs().DeploymentOf(new RunId(r.Run))?.Value,
            r.Camera, r.Candidate, r.Category, r.Score),
        AlertAdjudicated d => new(OutboundEventKinds.Decided, site.Value, entry.Seq, d.Alert, d.At, DeploymentOf(store, d.Alert), Decision: d.Decision, By: d.By),
        EngagementRecorded e => new(OutboundEventKinds.Outcome, site.Value, entry.Seq, e.Alert, e.At, DeploymentOf(store, e.Alert), Outcome: e.Outcome, By: e.By),
        _ => null,
    };

    private static string? DeploymentOf(IStore store, long alert) => store.Runs().Summary(new AlertId(alert))?.Deployment?.Value;
}

/// <summary>The kinds of <see cref="OutboundEvent"/>, as receivers see them (and as MQTT topics end).</summary>
public static class OutboundEventKinds
{
    /// <summary>An alert was raised and waits for an operator.</summary>
    public const string Raised = "alert.raised";

    /// <summary>An operator confirmed, rejected or was unsure of an alert.</summary>
    public const string Decided = "alert.decided";

    /// <summary>Officers' outcome of a confirmed alert was recorded.</summary>
    public const string Outcome = "alert.outcome";
}
