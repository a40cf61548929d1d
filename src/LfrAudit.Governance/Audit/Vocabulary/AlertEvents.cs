using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>An alert raised: its id, run, camera, frame, time, candidate and category, score, threshold, track, and the SHA-256 of its evidence (never the evidence).</summary>
public sealed record AlertRaised(long Alert, string Run, string Camera, long Frame, DateTimeOffset CapturedAt, string Candidate, string Category,
    double Score, double Threshold, string? Track, string EvidenceSha256) : IAuditEvent
{
    public const string TypeName = "alert.raised";
    public string Type => TypeName;

    public JsonObject ToData() => new()
    {
        ["alert"] = Alert, ["run"] = Run, ["camera"] = Camera, ["frame"] = Frame, ["captured_at"] = EventJson.Time(CapturedAt), ["candidate"] = Candidate,
        ["category"] = Category, ["score"] = EventJson.Decimal(Score), ["threshold"] = EventJson.Decimal(Threshold), ["track"] = Track,
        ["evidence_sha256"] = EvidenceSha256,
    };

    public static AlertRaised Read(EventFields f) => new(f.Long("alert"), f.String("run"), f.String("camera"), f.Long("frame"), f.Time("captured_at"),
        f.String("candidate"), f.String("category"), f.Decimal("score", -1, 1), f.Decimal("threshold", -1, 1), f.OptionalString("track"), f.Sha256("evidence_sha256"));
}

/// <summary>An alert's person has left view: how often and until when they were matched to the candidate.</summary>
public sealed record AlertSighted(long Alert, long Sightings, DateTimeOffset LastSeenAt, double BestScore) : IAuditEvent
{
    public const string TypeName = "alert.sightings";
    public string Type => TypeName;
    public JsonObject ToData() => new() { ["alert"] = Alert, ["sightings"] = Sightings, ["last_seen_at"] = EventJson.Time(LastSeenAt), ["best_score"] = EventJson.Decimal(BestScore) };
    public static AlertSighted Read(EventFields f) => new(f.Long("alert"), f.Long("sightings"), f.Time("last_seen_at"), f.Decimal("best_score", -1, 1));
}

/// <summary>An operator's decision on an alert (confirm, reject, unsure): final; who decided, through what, when.</summary>
public sealed record AlertAdjudicated(long Alert, string Decision, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    public const string TypeName = "alert.adjudicated";
    public string Type => TypeName;
    public JsonObject ToData() => new JsonObject { ["alert"] = Alert, ["decision"] = Decision, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);
    public static AlertAdjudicated Read(EventFields f) => new(f.Long("alert"), f.String("decision"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}

/// <summary>What happened when officers engaged a confirmed match (arrested, words of advice…): recorded by whom, through what, when.</summary>
public sealed record EngagementRecorded(long Alert, string Outcome, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    public const string TypeName = "alert.engagement";
    public string Type => TypeName;
    public JsonObject ToData() => new JsonObject { ["alert"] = Alert, ["outcome"] = Outcome, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);
    public static EngagementRecorded Read(EventFields f) => new(f.Long("alert"), f.String("outcome"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}

/// <summary>Evidence deleted by retention (its key destroyed, then its ciphertext): the purge, why, how many alerts, when.</summary>
public sealed record EvidencePurged(long Purge, string Reason, long Alerts, DateTimeOffset At) : IAuditEvent
{
    public const string TypeName = "evidence.purged";

    /// <summary>Why evidence is deleted: at once for a rejection (AdjudicationDesk), or when retention ends (RetentionEnforcer).</summary>
    public const string RejectedByOperator = "rejected by operator", RejectedAlert = "rejected alert", ConfirmedRetentionEnded = "confirmed match retention ended",
        UnsureRetentionEnded = "unsure alert retention ended", NeverAdjudicated = "never adjudicated";

    /// <summary>Every reason a purge records; a test holds the writers to it.</summary>
    public static IReadOnlyList<string> Reasons { get; } = [RejectedByOperator, RejectedAlert, ConfirmedRetentionEnded, UnsureRetentionEnded, NeverAdjudicated];

    public string Type => TypeName;
    public JsonObject ToData() => new() { ["purge"] = Purge, ["reason"] = Reason, ["alerts"] = Alerts, ["at"] = EventJson.Time(At) };
    public static EvidencePurged Read(EventFields f) => new(f.Long("purge"), f.String("reason"), f.Long("alerts"), f.Time("at"));
}

/// <summary>
/// An alert's evidence shown to someone — the probe crop, or the watchlist's reference image beside it — recorded before a
/// byte of it goes out: which alert, what was shown, to whom, through what (the console's browser address, or the command
/// line), when. Never the evidence itself.
/// </summary>
public sealed record EvidenceViewed(long Alert, string Evidence, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    public const string TypeName = "evidence.viewed";

    /// <summary>What an operator may be shown of an alert: the probe crop, and the reference image of the candidate.</summary>
    public const string Probe = "probe", Reference = "reference";

    /// <summary>Every kind of evidence a view records; a test holds the writers to it.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Probe, Reference];

    public string Type => TypeName;
    public JsonObject ToData() => new JsonObject { ["alert"] = Alert, ["evidence"] = Evidence, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);
    public static EvidenceViewed Read(EventFields f) => new(f.Long("alert"), f.String("evidence"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}
