using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>A deployment planned: where, when, why, who authorised it, its cameras, watchlist, threshold and retention.</summary>
/// <param name="AuthorisedBy">The authorising officer, as "rank name".</param>
/// <param name="RejectedRetentionSeconds">How long a rejected alert's evidence is kept (0: deleted at once).</param>
/// <param name="UnadjudicatedRetentionSeconds">
/// How long after the end an alert nobody decided keeps its evidence.
/// </param>
/// <param name="ConfirmedRetentionSeconds">How long a confirmed match's evidence is kept.</param>
/// <param name="By">The registered user who planned it; absent in older entries.</param>
/// <param name="Via">
/// Through what they acted ("lfr on HOST as OS-USER", "console from ADDRESS"); absent in older entries.
/// </param>
public sealed record DeploymentPlanned(string Deployment, string Location, DateTimeOffset PlannedStart, DateTimeOffset PlannedEnd, string Purpose,
    string AuthorisedBy, IReadOnlyList<string> Cameras, string Watchlist, double Threshold, long RejectedRetentionSeconds,
    long UnadjudicatedRetentionSeconds, long ConfirmedRetentionSeconds, string? By = null, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.planned";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject
    {
        ["deployment"] = Deployment, ["location"] = Location, ["planned_start"] = EventJson.Time(PlannedStart), ["planned_end"] = EventJson.Time(PlannedEnd),
        ["purpose"] = Purpose, ["authorised_by"] = AuthorisedBy, ["cameras"] = EventJson.Strings(Cameras), ["watchlist"] = Watchlist,
        ["threshold"] = EventJson.Decimal(Threshold),
        ["retention_seconds"] = new JsonObject
        {
            ["rejected"] = RejectedRetentionSeconds, ["unadjudicated_after_end"] = UnadjudicatedRetentionSeconds, ["confirmed"] = ConfirmedRetentionSeconds,
        },
    }.With("by", By).With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static DeploymentPlanned Read(EventFields f)
    {
        var retention = f.OptionalObject("retention_seconds");
        var read = new DeploymentPlanned(f.String("deployment"), f.String("location"), f.Time("planned_start"), f.Time("planned_end"), f.String("purpose"),
            f.String("authorised_by"), f.Strings("cameras"), f.String("watchlist"), f.Decimal("threshold", 0, 1),
            retention?.Long("rejected") ?? 0, retention?.Long("unadjudicated_after_end") ?? 0, retention?.Long("confirmed") ?? 0, f.OptionalString("by"), f.OptionalString("via"));
        f.Take("retention_seconds", retention);
        return read;
    }
}

/// <summary>A deployment's public notice published: when, the deadline it had to meet, whether it did, who published it.</summary>
public sealed record NoticePublished(string Deployment, DateTimeOffset PublishedAt, DateTimeOffset Deadline, bool OnTime, string? By = null, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.notice_published";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject
    {
        ["deployment"] = Deployment, ["published_at"] = EventJson.Time(PublishedAt), ["deadline"] = EventJson.Time(Deadline), ["on_time"] = OnTime,
    }.With("by", By).With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static NoticePublished Read(EventFields f) =>
        new(f.String("deployment"), f.Time("published_at"), f.Time("deadline"), f.Bool("on_time"), f.OptionalString("by"), f.OptionalString("via"));
}

/// <summary>An urgent override of the notice rule: why, who authorised it, when.</summary>
public sealed record OverrideRecord(string Reason, string By, DateTimeOffset At);

/// <summary>A deployment gone live: the watchlist frozen (name, hash, size, categories), the threshold, any urgent override.</summary>
public sealed record DeploymentStarted(string Deployment, DateTimeOffset StartedAt, string Watchlist, string WatchlistHash, long WatchlistEntries,
    IReadOnlyDictionary<string, long> Categories, double Threshold, OverrideRecord? UrgentOverride, string? By = null, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.started";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject
    {
        ["deployment"] = Deployment, ["started_at"] = EventJson.Time(StartedAt), ["watchlist"] = Watchlist, ["watchlist_hash"] = WatchlistHash,
        ["watchlist_entries"] = WatchlistEntries, ["categories"] = EventJson.Counts(Categories), ["threshold"] = EventJson.Decimal(Threshold),
        ["urgent_override"] = UrgentOverride is { } o ? new JsonObject { ["reason"] = o.Reason, ["by"] = o.By, ["at"] = EventJson.Time(o.At) } : null,
    }.With("by", By).With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static DeploymentStarted Read(EventFields f)
    {
        var o = f.OptionalObject("urgent_override");
        var read = new DeploymentStarted(f.String("deployment"), f.Time("started_at"), f.String("watchlist"), f.Sha256("watchlist_hash"), f.Long("watchlist_entries"),
            f.Counts("categories"), f.Decimal("threshold", 0, 1), o is null ? null : new OverrideRecord(o.String("reason"), o.String("by"), o.Time("at")),
            f.OptionalString("by"), f.OptionalString("via"));
        f.Take("urgent_override", o);
        return read;
    }
}

/// <summary>A deployment ended.</summary>
public sealed record DeploymentEnded(string Deployment, DateTimeOffset EndedAt, string? By = null, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.ended";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject { ["deployment"] = Deployment, ["ended_at"] = EventJson.Time(EndedAt) }.With("by", By).With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static DeploymentEnded Read(EventFields f) => new(f.String("deployment"), f.Time("ended_at"), f.OptionalString("by"), f.OptionalString("via"));
}

/// <summary>A deployment's outcome report published.</summary>
public sealed record OutcomePublished(string Deployment, DateTimeOffset PublishedAt, string? By = null, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.outcome_published";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject { ["deployment"] = Deployment, ["published_at"] = EventJson.Time(PublishedAt) }.With("by", By).With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static OutcomePublished Read(EventFields f) => new(f.String("deployment"), f.Time("published_at"), f.OptionalString("by"), f.OptionalString("via"));
}

/// <summary>A deployment cancelled before it went live, and why.</summary>
public sealed record DeploymentCancelled(string Deployment, DateTimeOffset CancelledAt, string Reason, string? By = null, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.cancelled";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject { ["deployment"] = Deployment, ["cancelled_at"] = EventJson.Time(CancelledAt), ["reason"] = Reason }.With("by", By).With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static DeploymentCancelled Read(EventFields f) => new(f.String("deployment"), f.Time("cancelled_at"), f.String("reason"), f.OptionalString("by"), f.OptionalString("via"));
}

/// <summary>A deployment's similarity threshold changed: from, to, who authorised it, why, when.</summary>
public sealed record ThresholdChanged(string Deployment, double From, double To, string By, string Reason, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.threshold_changed";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject
    {
        ["deployment"] = Deployment, ["from"] = EventJson.Decimal(From), ["to"] = EventJson.Decimal(To), ["by"] = By, ["reason"] = Reason, ["at"] = EventJson.Time(At),
    }.With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static ThresholdChanged Read(EventFields f) =>
        new(f.String("deployment"), f.Decimal("from", 0, 1), f.Decimal("to", 0, 1), f.String("by"), f.String("reason"), f.Time("at"), f.OptionalString("via"));
}

/// <summary>A running camera took up its deployment's threshold after a change: the run, camera, threshold now in force, when.</summary>
public sealed record ThresholdApplied(string Deployment, string Run, string Camera, double Threshold, DateTimeOffset At) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "run.threshold_applied";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new()
    {
        ["deployment"] = Deployment, ["run"] = Run, ["camera"] = Camera, ["threshold"] = EventJson.Decimal(Threshold), ["at"] = EventJson.Time(At),
    };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static ThresholdApplied Read(EventFields f) => new(f.String("deployment"), f.String("run"), f.String("camera"), f.Decimal("threshold", 0, 1), f.Time("at"));
}

/// <summary>A deployment's notice or outcome report frozen: its kind and the SHA-256 of its published JSON.</summary>
public sealed record DocumentPublished(string Deployment, string Kind, string Sha256, DateTimeOffset PublishedAt) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "document.published";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new() { ["deployment"] = Deployment, ["kind"] = Kind, ["sha256"] = Sha256, ["published_at"] = EventJson.Time(PublishedAt) };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static DocumentPublished Read(EventFields f) => new(f.String("deployment"), f.String("kind"), f.Sha256("sha256"), f.Time("published_at"));
}

/// <summary>A state change older versions recorded without saying which (never written now; read so old logs stay accounted for).</summary>
public sealed record DeploymentUpdated(string Deployment) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.updated";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new() { ["deployment"] = Deployment };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static DeploymentUpdated Read(EventFields f) => new(f.String("deployment"));
}

/// <summary>
/// An operator assigned to a deployment by a supervisor: from then on they see its alerts and their evidence, and may decide
/// them and record their outcomes (an operator works only the deployments they are assigned to); who assigned them, through what, when.
/// </summary>
public sealed record OperatorAssigned(string Deployment, string Operator, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.operator_assigned";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject { ["deployment"] = Deployment, ["operator"] = Operator, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static OperatorAssigned Read(EventFields f) => new(f.String("deployment"), f.String("operator"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}

/// <summary>An operator taken off a deployment by a supervisor: its alerts and evidence are no longer theirs to see or decide.</summary>
public sealed record OperatorUnassigned(string Deployment, string Operator, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "deployment.operator_unassigned";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject { ["deployment"] = Deployment, ["operator"] = Operator, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static OperatorUnassigned Read(EventFields f) => new(f.String("deployment"), f.String("operator"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}
