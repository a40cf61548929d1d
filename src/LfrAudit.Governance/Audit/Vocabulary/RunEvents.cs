using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>
/// A recognition run started: its deployment (if any), camera, source (credentials removed), watchlist, threshold, quality
/// gate and model; and, for a model whose weights are not licensed for any use, the licence terms accepted to run it
/// (absent otherwise, so the entries of runs on a freely licensed model are as they always were).
/// </summary>
/// <param name="Deployment">The deployment it runs for; null for a run outside any deployment.</param>
/// <param name="Source">The camera stream or file searched, with any credentials removed.</param>
/// <param name="MinFacePixels">The quality gate: the smallest face, in pixels, that is searched.</param>
/// <param name="MinDetectionScore">The quality gate: the least detector confidence for a face to be searched.</param>
/// <param name="Sampling">Which frames are searched: all, every n-th, or at most so many a second.</param>
/// <param name="Model">The recognition model searched with.</param>
public sealed record RunStarted(string Run, string? Deployment, string Camera, string Source, string Watchlist, string WatchlistHash, long WatchlistEntries,
    double Threshold, long MinFacePixels, double MinDetectionScore, string Sampling, string Model) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "run.started";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject()
    {
        ["run"] = Run, ["deployment"] = Deployment, ["camera"] = Camera, ["source"] = Source, ["watchlist"] = Watchlist, ["watchlist_hash"] = WatchlistHash,
        ["watchlist_entries"] = WatchlistEntries, ["threshold"] = EventJson.Decimal(Threshold), ["min_face_pixels"] = MinFacePixels,
        ["min_detection_score"] = EventJson.Decimal(MinDetectionScore), ["sampling"] = Sampling, ["model"] = Model,
    }.With("model_licence", ModelLicence);

    /// <summary>
    /// The licence terms accepted to run a model whose weights are not licensed for any use; null (and absent from the
    /// entry) for a freely licensed one.
    /// </summary>
    public string? ModelLicence { get; init; }

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static RunStarted Read(EventFields f) => new(f.String("run"), f.OptionalString("deployment"), f.String("camera"), f.String("source"), f.String("watchlist"),
        f.String("watchlist_hash"), f.Long("watchlist_entries"), f.Decimal("threshold", -1, 1), f.Long("min_face_pixels"), f.Decimal("min_detection_score", 0, 1),
        f.String("sampling"), f.String("model"))
    {
        ModelLicence = f.OptionalString("model_licence"),
    };
}

/// <summary>A run ended: how (completed, stopped, planned end reached…) and its counts.</summary>
public sealed record RunEnded(string Run, string End, long FramesProcessed, long FramesDropped, long Detections, long FacesSeen, long FacesSearched, long Alerts) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "run.ended";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new()
    {
        ["run"] = Run, ["end"] = End, ["frames_processed"] = FramesProcessed, ["frames_dropped"] = FramesDropped, ["detections"] = Detections,
        ["faces_seen"] = FacesSeen, ["faces_searched"] = FacesSearched, ["alerts"] = Alerts,
    };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static RunEnded Read(EventFields f) => new(f.String("run"), f.String("end"), f.Long("frames_processed"), f.Long("frames_dropped"), f.Long("detections"),
        f.Long("faces_seen"), f.Long("faces_searched"), f.Long("alerts"));
}

/// <summary>A run whose process died (killed, power lost), closed by the next writing command with the counts it had made durable.</summary>
public sealed record RunInterrupted(string Run, long FacesSeen, long FacesSearched, long Alerts, DateTimeOffset ClosedAt) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "run.interrupted";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new()
    {
        ["run"] = Run, ["end"] = "interrupted", ["faces_seen"] = FacesSeen, ["faces_searched"] = FacesSearched, ["alerts"] = Alerts, ["closed_at"] = EventJson.Time(ClosedAt),
    };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static RunInterrupted Read(EventFields f) => new(f.String("run"), f.Long("faces_seen"), f.Long("faces_searched"), f.Long("alerts"), f.Time("closed_at"));
}

/// <summary>One camera-minute's counts: detections, faces seen (people), searched, below the quality gate, alerts. All a non-match leaves behind.</summary>
/// <param name="Minute">The minute of footage the counts are for.</param>
/// <param name="Detections">Faces the detector found, frame by frame.</param>
/// <param name="Seen">People seen: one per track, however many frames it spans.</param>
/// <param name="Searched">People whose face was searched against the watchlist.</param>
/// <param name="NotSearchable">People whose face never met the quality gate.</param>
public sealed record FacesCounted(string Run, string Camera, DateTimeOffset Minute, long Detections, long Seen, long Searched, long NotSearchable, long Alerts) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "faces.counted";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new()
    {
        ["run"] = Run, ["camera"] = Camera, ["minute"] = EventJson.Time(Minute), ["detections"] = Detections, ["seen"] = Seen, ["searched"] = Searched,
        ["not_searchable"] = NotSearchable, ["alerts"] = Alerts,
    };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static FacesCounted Read(EventFields f) => new(f.String("run"), f.String("camera"), f.Time("minute"), f.Long("detections"), f.Long("seen"),
        f.Long("searched"), f.Long("not_searchable"), f.Long("alerts"));
}
