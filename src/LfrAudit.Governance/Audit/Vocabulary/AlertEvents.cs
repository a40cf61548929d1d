using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>An alert raised: its id, run, camera, frame, time, candidate and category, score, threshold, track, and the SHA-256 of its evidence (never the evidence).</summary>
/// <param name="Alert">The alert's id in its store, as every later entry about it names it.</param>
/// <param name="Frame">The frame's number in the run's footage.</param>
/// <param name="Candidate">The watchlist entry the face matched.</param>
/// <param name="Category">The candidate's watchlist category.</param>
/// <param name="Score">The face's similarity to the candidate, at or above <paramref name="Threshold"/>.</param>
/// <param name="Track">The track of the person it was raised for ("t" and a number); null if it had none.</param>
public sealed record AlertRaised(long Alert, string Run, string Camera, long Frame, DateTimeOffset CapturedAt, string Candidate, string Category,
    double Score, double Threshold, string? Track, string EvidenceSha256) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "alert.raised";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new()
    {
        ["alert"] = Alert, ["run"] = Run, ["camera"] = Camera, ["frame"] = Frame, ["captured_at"] = EventJson.Time(CapturedAt), ["candidate"] = Candidate,
        ["category"] = Category, ["score"] = EventJson.Decimal(Score), ["threshold"] = EventJson.Decimal(Threshold), ["track"] = Track,
        ["evidence_sha256"] = EvidenceSha256,
    };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static AlertRaised Read(EventFields f) => new(f.Long("alert"), f.String("run"), f.String("camera"), f.Long("frame"), f.Time("captured_at"),
        f.String("candidate"), f.String("category"), f.Decimal("score", -1, 1), f.Decimal("threshold", -1, 1), f.OptionalString("track"), f.Sha256("evidence_sha256"));
}

/// <summary>An alert's person has left view: how often and until when they were matched to the candidate.</summary>
public sealed record AlertSighted(long Alert, long Sightings, DateTimeOffset LastSeenAt, double BestScore) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "alert.sightings";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new() { ["alert"] = Alert, ["sightings"] = Sightings, ["last_seen_at"] = EventJson.Time(LastSeenAt), ["best_score"] = EventJson.Decimal(BestScore) };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static AlertSighted Read(EventFields f) => new(f.Long("alert"), f.Long("sightings"), f.Time("last_seen_at"), f.Decimal("best_score", -1, 1));
}

/// <summary>An operator's decision on an alert (confirm, reject, unsure): final; who decided, through what, when.</summary>
/// <param name="Decision">confirm, reject or unsure.</param>
/// <param name="By">The registered user who decided.</param>
/// <param name="Via">
/// Through what they acted ("lfr on HOST as OS-USER", "console from ADDRESS"); absent in older entries.
/// </param>
public sealed record AlertAdjudicated(long Alert, string Decision, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "alert.adjudicated";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject { ["alert"] = Alert, ["decision"] = Decision, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static AlertAdjudicated Read(EventFields f) => new(f.Long("alert"), f.String("decision"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}

/// <summary>What happened when officers engaged a confirmed match (arrested, words of advice…): recorded by whom, through what, when.</summary>
public sealed record EngagementRecorded(long Alert, string Outcome, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "alert.engagement";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject { ["alert"] = Alert, ["outcome"] = Outcome, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static EngagementRecorded Read(EventFields f) => new(f.Long("alert"), f.String("outcome"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}

/// <summary>Evidence deleted by retention (its key destroyed, then its ciphertext): the purge, why, how many alerts, when.</summary>
/// <param name="Purge">The purge's own id (renumbered when a store is imported).</param>
/// <param name="Alerts">How many alerts lost their evidence; a purge never names them.</param>
public sealed record EvidencePurged(long Purge, string Reason, long Alerts, DateTimeOffset At) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "evidence.purged";

    /// <summary>Why evidence is deleted: at once for a rejection (AdjudicationDesk), or when retention ends (RetentionEnforcer).</summary>
    public const string RejectedByOperator = "rejected by operator", RejectedAlert = "rejected alert", ConfirmedRetentionEnded = "confirmed match retention ended",
        UnsureRetentionEnded = "unsure alert retention ended", NeverAdjudicated = "never adjudicated";

    /// <summary>Every reason a purge records; a test holds the writers to it.</summary>
    public static IReadOnlyList<string> Reasons { get; } = [RejectedByOperator, RejectedAlert, ConfirmedRetentionEnded, UnsureRetentionEnded, NeverAdjudicated];

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new() { ["purge"] = Purge, ["reason"] = Reason, ["alerts"] = Alerts, ["at"] = EventJson.Time(At) };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static EvidencePurged Read(EventFields f) => new(f.Long("purge"), f.String("reason"), f.Long("alerts"), f.Time("at"));
}

/// <summary>
/// An alert's evidence shown to someone — the probe crop, or the watchlist's reference image beside it — recorded before a
/// byte of it goes out: which alert, what was shown, to whom, through what (the console's browser address, or the command
/// line), when. Never the evidence itself.
/// </summary>
public sealed record EvidenceViewed(long Alert, string Evidence, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "evidence.viewed";

    /// <summary>What an operator may be shown of an alert: the probe crop, the scene it was seen in, and the reference image of the candidate.</summary>
    public const string Probe = "probe", Scene = "scene", Reference = "reference";

    /// <summary>Every kind of evidence a view records; a test holds the writers to it.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Probe, Scene, Reference];

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject { ["alert"] = Alert, ["evidence"] = Evidence, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static EvidenceViewed Read(EventFields f) => new(f.Long("alert"), f.String("evidence"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}
