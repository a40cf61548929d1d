using System.Globalization;
using System.Text.Json.Nodes;
using LfrAudit.Core.Adjudication;
using LfrAudit.Core.Deployments;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Pipeline;
using LfrAudit.Core.Watchlists;

namespace LfrAudit.Core.Audit;

/// <summary>
/// The audit log's vocabulary: what each event records. By construction nothing here can carry an image,
/// an embedding or anything about a face that did not alert — a non-match exists in the log only as a
/// per-minute count; an alert as ids, a score and the hash of its evidence.
/// </summary>
public static class AuditEvents
{
    public static (string Type, JsonObject Data) WatchlistEnrolled(EnrolledWatchlist w) => ("watchlist.enrolled", new()
    {
        ["name"] = w.Name,
        ["content_hash"] = w.ContentHash,
        ["entries"] = w.Entries.Count,
        ["reference_images"] = w.Templates.Count,
        ["model"] = w.ModelId,
        ["categories"] = Categories(w.CountByCategory()),
    });

    public static (string Type, JsonObject Data) DeploymentPlanned(Deployment d) => ("deployment.planned", new()
    {
        ["deployment"] = d.Id.Value,
        ["location"] = $"{d.Location.Name}, {d.Location.Area}",
        ["planned_start"] = AuditEntry.Time(d.PlannedStart),
        ["planned_end"] = AuditEntry.Time(d.PlannedEnd),
        ["purpose"] = d.Purpose,
        ["authorised_by"] = d.Officer.ToString(),
        ["cameras"] = new JsonArray(d.Cameras.Select(c => (JsonNode)c.Value).ToArray()),
        ["watchlist"] = d.WatchlistName,
        ["threshold"] = Decimal(d.Threshold.Value),
        ["retention_seconds"] = new JsonObject
        {
            ["rejected"] = (long)d.Retention.RejectedAlert.TotalSeconds,
            ["unadjudicated_after_end"] = (long)d.Retention.UnadjudicatedAfterEnd.TotalSeconds,
            ["confirmed"] = (long)d.Retention.ConfirmedMatch.TotalSeconds,
        },
    });

    /// <summary>The event for a deployment's move into its current state.</summary>
    public static (string Type, JsonObject Data) DeploymentStateChanged(Deployment d)
    {
        var data = new JsonObject { ["deployment"] = d.Id.Value };
        switch (d.State)
        {
            case DeploymentState.NoticePublished:
                data["published_at"] = AuditEntry.Time(d.NoticePublishedAt!.Value);
                data["deadline"] = AuditEntry.Time(d.NoticeDeadline);
                data["on_time"] = d.HasTimelyNotice;
                return ("deployment.notice_published", data);
            case DeploymentState.Live:
                data["started_at"] = AuditEntry.Time(d.StartedAt!.Value);
                data["watchlist"] = d.Watchlist!.Name;
                data["watchlist_hash"] = d.Watchlist.ContentHash;
                data["watchlist_entries"] = d.Watchlist.Entries;
                data["categories"] = Categories(d.Watchlist.Categories);
                data["threshold"] = Decimal(d.Threshold.Value);
                data["urgent_override"] = d.Override is { } o
                    ? new JsonObject { ["reason"] = o.Reason, ["by"] = o.By, ["at"] = AuditEntry.Time(o.At) } : null;
                return ("deployment.started", data);
            case DeploymentState.Ended:
                data["ended_at"] = AuditEntry.Time(d.EndedAt!.Value);
                return ("deployment.ended", data);
            case DeploymentState.OutcomePublished:
                data["published_at"] = AuditEntry.Time(d.OutcomePublishedAt!.Value);
                return ("deployment.outcome_published", data);
            case DeploymentState.Cancelled:
                data["cancelled_at"] = AuditEntry.Time(d.CancelledAt!.Value);
                data["reason"] = d.CancelReason;
                return ("deployment.cancelled", data);
            default:
                return ("deployment.updated", data);
        }
    }

    public static (string Type, JsonObject Data) ThresholdChanged(DeploymentId id, ThresholdChange t) => ("deployment.threshold_changed", new()
    {
        ["deployment"] = id.Value,
        ["from"] = Decimal(t.From.Value),
        ["to"] = Decimal(t.To.Value),
        ["by"] = t.By,
        ["reason"] = t.Reason,
        ["at"] = AuditEntry.Time(t.At),
    });

    public static (string Type, JsonObject Data) DocumentPublished(DeploymentId id, string kind, string sha256, DateTimeOffset at) => ("document.published", new()
    {
        ["deployment"] = id.Value,
        ["kind"] = kind,
        ["sha256"] = sha256,
        ["published_at"] = AuditEntry.Time(at),
    });

    public static (string Type, JsonObject Data) RunStarted(RunStart s) => ("run.started", new()
    {
        ["run"] = s.Run.Value,
        ["deployment"] = s.Deployment?.Value,
        ["camera"] = s.Camera.Value,
        ["source"] = s.Source,
        ["watchlist"] = s.WatchlistName,
        ["watchlist_hash"] = s.WatchlistContentHash,
        ["watchlist_entries"] = s.WatchlistEntries,
        ["threshold"] = Decimal(s.Threshold.Value),
        ["min_face_pixels"] = s.Gate.MinFaceSizePixels,
        ["min_detection_score"] = Decimal(s.Gate.MinDetectionScore),
        ["sampling"] = s.Sampling,
        ["model"] = s.ModelId,
    });

    public static (string Type, JsonObject Data) RunEnded(RunSummary s) => ("run.ended", new()
    {
        ["run"] = s.Run.Value,
        ["end"] = s.End.ToString().ToLowerInvariant(),
        ["frames_processed"] = s.FramesProcessed,
        ["frames_dropped"] = s.FramesDroppedBehindLive,
        ["detections"] = s.Detections,
        ["faces_seen"] = s.FacesSeen,
        ["faces_searched"] = s.FacesSearched,
        ["alerts"] = s.AlertsRaised,
    });

    /// <summary>A run whose process died (killed, power lost) closed on the next opening of the store, with the counts it had made durable.</summary>
    public static (string Type, JsonObject Data) RunInterrupted(InterruptedRun r) => ("run.interrupted", new()
    {
        ["run"] = r.Run.Value,
        ["end"] = "interrupted",
        ["faces_seen"] = r.FacesSeen,
        ["faces_searched"] = r.FacesSearched,
        ["alerts"] = r.AlertsRaised,
        ["closed_at"] = AuditEntry.Time(r.ClosedAt),
    });

    public static (string Type, JsonObject Data) FacesCounted(FaceCountMinute m) => ("faces.counted", new()
    {
        ["run"] = m.Run.Value,
        ["camera"] = m.Camera.Value,
        ["minute"] = AuditEntry.Time(m.Minute),
        ["detections"] = m.Detections,
        ["seen"] = m.FacesSeen,
        ["searched"] = m.FacesSearched,
        ["not_searchable"] = m.FacesNotSearchable,
        ["alerts"] = m.Alerts,
    });

    public static (string Type, JsonObject Data) AlertRaised(AlertId id, Alert a, string evidenceSha256) => ("alert.raised", new()
    {
        ["alert"] = id.Value,
        ["run"] = a.Run.Value,
        ["camera"] = a.Camera.Value,
        ["frame"] = a.FrameIndex,
        ["captured_at"] = AuditEntry.Time(a.CapturedAt),
        ["candidate"] = a.Candidate.Value,
        ["category"] = a.Category.ToName(),
        ["score"] = Decimal(a.Score),
        ["threshold"] = Decimal(a.Threshold.Value),
        ["track"] = a.Track,
        ["evidence_sha256"] = evidenceSha256,
    });

    /// <summary>An alert's person has left view: how often and until when they were matched to the candidate.</summary>
    public static (string Type, JsonObject Data) AlertSighted(AlertSightingsUpdate u) => ("alert.sightings", new()
    {
        ["alert"] = u.Alert.Value,
        ["sightings"] = u.Sightings,
        ["last_seen_at"] = AuditEntry.Time(u.LastSeenAt),
        ["best_score"] = Decimal(u.BestScore),
    });

    /// <summary>A console user added: the name and role, never the password or its hash.</summary>
    public static (string Type, JsonObject Data) UserAdded(Accounts.UserAccount u) => ("user.added", new()
    {
        ["user"] = u.Name,
        ["role"] = Accounts.Roles.Name(u.Role),
        ["by"] = u.CreatedBy,
        ["at"] = AuditEntry.Time(u.CreatedAt),
    });

    public static (string Type, JsonObject Data) SignIn(Accounts.SignInAttempt a) => (a.Succeeded ? "user.signed_in" : "user.sign_in_refused", new()
    {
        ["user"] = a.Name,
        ["from"] = a.From,
        ["at"] = AuditEntry.Time(a.At),
    });

    public static (string Type, JsonObject Data) AlertAdjudicated(AlertAdjudication a) => ("alert.adjudicated", new()
    {
        ["alert"] = a.Alert.Value,
        ["decision"] = a.Decision.Name(),
        ["by"] = a.By,
        ["at"] = AuditEntry.Time(a.At),
    });

    public static (string Type, JsonObject Data) EngagementRecorded(Engagement e) => ("alert.engagement", new()
    {
        ["alert"] = e.Alert.Value,
        ["outcome"] = e.Outcome.Name(),
        ["by"] = e.By,
        ["at"] = AuditEntry.Time(e.At),
    });

    public static (string Type, JsonObject Data) EvidencePurged(long purgeId, string reason, int alerts, DateTimeOffset at) => ("evidence.purged", new()
    {
        ["purge"] = purgeId,
        ["reason"] = reason,
        ["alerts"] = alerts,
        ["at"] = AuditEntry.Time(at),
    });

    /// <summary>A site joined the force's central store (recorded in the force's registry log, so no site's log can be left out).</summary>
    public static (string Type, JsonObject Data) SiteRegistered(SiteId site, string host) => ("site.registered", new()
    {
        ["site"] = site.Value,
        ["host"] = host,
    });

    /// <summary>A site's records came into the central store from its own SQLite store; alert and purge ids were given anew.</summary>
    public static (string Type, JsonObject Data) StoreImported(string from, long entries, string rootHash,
        IReadOnlyDictionary<long, long> alertIds, IReadOnlyDictionary<long, long> purgeIds) => ("store.imported", new()
    {
        ["from"] = from,
        ["entries"] = entries,
        ["root_hash"] = rootHash,
        ["alert_ids"] = IdMap(alertIds),
        ["purge_ids"] = IdMap(purgeIds),
    });

    private static JsonObject IdMap(IReadOnlyDictionary<long, long> ids) =>
        new(ids.OrderBy(kv => kv.Key).Select(kv => KeyValuePair.Create(kv.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)kv.Value)));

    private static JsonObject Categories(IReadOnlyDictionary<WatchlistCategory, int> counts)
    {
        var o = new JsonObject();
        foreach (var (k, v) in counts.OrderBy(kv => kv.Key.ToName(), StringComparer.Ordinal)) o[k.ToName()] = v;
        return o;
    }

    /// <summary>Fractional values as decimal strings (canonical JSON has integers only): "0.5", "0.7143".</summary>
    public static string Decimal(double v) => Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
