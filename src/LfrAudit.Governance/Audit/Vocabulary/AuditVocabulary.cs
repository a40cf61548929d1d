using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>One kind of entry: its type, what it records (as docs/audit-log.md says it), and how its data is read back.</summary>
/// <param name="When">When the product writes it, in the words of docs/audit-log.md's table.</param>
/// <param name="Holds">What its data holds, in the words of that table.</param>
public sealed record EventKind(string Type, string When, string Holds, Func<EventFields, IAuditEvent> Read);

/// <summary>An entry read back: its event when the type is known and its data well formed; otherwise what is wrong (an unknown type is shown, never dropped).</summary>
public sealed record ReadEntry(AuditEntry Entry, IAuditEvent? Event, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// The entry's type is none this version knows: shown in a report as it is, never failed or dropped.
    /// </summary>
    public bool IsUnknownType { get; init; }

    /// <summary>The entry was read as its type's event with every member of the right shape.</summary>
    public bool WellFormed => Event is not null && Problems.Count == 0;
}

/// <summary>
/// The audit log's vocabulary, in one place: every type an entry may have, and for each the record that writes it and
/// reads it back. The verifier checks shapes against it, the IAG's report renders and counts from it, and a test keeps
/// docs/audit-log.md's table of events equal to it.
/// </summary>
public static class AuditVocabulary
{
    /// <summary>Every kind of entry this version can read, each with the record that writes and reads it.</summary>
    public static IReadOnlyList<EventKind> Kinds { get; } =
    [
        new(WatchlistEnrolled.TypeName, "a watchlist is enrolled", "name, content hash, entries, reference images, model, counts per category", WatchlistEnrolled.Read),
        new(DeploymentPlanned.TypeName, "a deployment is planned", "id, place, planned times, purpose, authorising officer, cameras, watchlist name, threshold, retention; who planned it", DeploymentPlanned.Read),
        new(NoticePublished.TypeName, "its notice is published", "time, deadline, on time or not; who published it", NoticePublished.Read),
        new(DeploymentStarted.TypeName, "it goes live", "watchlist frozen (hash, size, categories); threshold; any urgent override (reason, who, when); who started it", DeploymentStarted.Read),
        new(ThresholdChanged.TypeName, "its threshold changes", "from, to, who, why, when", ThresholdChanged.Read),
        new(ThresholdApplied.TypeName, "a running camera takes up a changed threshold", "deployment, run, camera, threshold now in force, when", ThresholdApplied.Read),
        new(DeploymentEnded.TypeName, "it ends", "time; who ended it", DeploymentEnded.Read),
        new(DeploymentCancelled.TypeName, "it is cancelled before going live", "time, reason; who cancelled it", DeploymentCancelled.Read),
        new(OutcomePublished.TypeName, "its outcome report is published", "time; who published it", OutcomePublished.Read),
        new(OperatorAssigned.TypeName, "an operator is assigned to a deployment", "deployment, operator (a registered operator), who assigned them (a registered supervisor), through what, when", OperatorAssigned.Read),
        new(OperatorUnassigned.TypeName, "an operator is taken off a deployment", "deployment, operator, who took them off (a registered supervisor), through what, when", OperatorUnassigned.Read),
        new(DeploymentUpdated.TypeName, "(older versions only)", "a deployment's id", DeploymentUpdated.Read),
        new(DocumentPublished.TypeName, "a notice or outcome report is frozen", "deployment, kind, SHA-256 of the document", DocumentPublished.Read),
        new(RunStarted.TypeName, "a recognition run starts", "camera, source (stream credentials removed), watchlist hash, threshold, quality gate, model; `model_licence` (only for a model whose weights are not licensed for any use): the licence terms accepted to run it", RunStarted.Read),
        new(RunEnded.TypeName, "it ends", "how, and its counts", RunEnded.Read),
        new(RunInterrupted.TypeName, "a run whose process died is found by the next writing command", "the faces seen, searched and alerts it had committed; when it was closed", RunInterrupted.Read),
        new(FacesCounted.TypeName, "each camera-minute", "detections, faces seen, searched, below the quality gate, alerts", FacesCounted.Read),
        new(AlertRaised.TypeName, "an alert", "alert id, run, camera, frame, time, candidate id, category, score, threshold, track, SHA-256 of its evidence", AlertRaised.Read),
        new(AlertSighted.TypeName, "an alert's person leaves view", "sightings, last seen, best score", AlertSighted.Read),
        new(AlertAdjudicated.TypeName, "an operator decides", "decision, who (a registered user), through what, when", AlertAdjudicated.Read),
        new(EngagementRecorded.TypeName, "an officer's outcome is recorded", "outcome, who (a registered user), through what, when", EngagementRecorded.Read),
        new(EvidenceViewed.TypeName, "an alert's evidence is shown", "alert id, what was shown (probe crop, scene or reference image), to whom (a registered operator), through what, when; never the image", EvidenceViewed.Read),
        new(EvidencePurged.TypeName, "retention deletes evidence", "purge id, reason, how many alerts, when", EvidencePurged.Read),
        new(UserAdded.TypeName, "a console user is added", "name, role, who added them, when (never a password)", UserAdded.Read),
        new(UserDisabled.TypeName, "a supervisor disables a user", "name, who disabled them (a registered supervisor), through what, when", UserDisabled.Read),
        new(UserEnabled.TypeName, "a supervisor enables a disabled user", "name, who enabled them (a registered supervisor), through what, when", UserEnabled.Read),
        new(UserRemoved.TypeName, "a supervisor removes a user (final: the name is never reused)", "name, who removed them (a registered supervisor), through what, when", UserRemoved.Read),
        new(PasswordChanged.TypeName, "a supervisor gives a user a new password", "name, who changed it (a registered supervisor), through what, when (never a password or its hash)", PasswordChanged.Read),
        new(ApiKeyIssued.TypeName, "a supervisor issues an API key to another force system", "key id, client, role (supervisor or reviewer), who issued it (a registered supervisor), through what, when (never the secret or its hash)", ApiKeyIssued.Read),
        new(ApiKeyRevoked.TypeName, "a supervisor revokes an API key (final)", "key id, client, who revoked it (a registered supervisor), through what, when", ApiKeyRevoked.Read),
        new(SignInRecorded.SignedIn, "someone signs in to the console", "name, from where, when", f => SignInRecorded.Read(true, f)),
        new(SignInRecorded.Refused, "a sign-in is refused", "the user's name, or for a name that is no user's a short keyed hash of what was typed (the key never kept); from where, when", f => SignInRecorded.Read(false, f)),
        new(SiteRegistered.TypeName, "a site joins a central store (registry log)", "site, host", SiteRegistered.Read),
        new(StoreImported.TypeName, "a site's SQLite store is imported", "from, entries, root hash, alert and purge ids given anew", StoreImported.Read),
    ];

    private static readonly Dictionary<string, EventKind> ByType = Kinds.ToDictionary(k => k.Type, StringComparer.Ordinal);

    /// <summary>Whether an entry of this type is one this version can read.</summary>
    public static bool IsKnown(string type) => ByType.ContainsKey(type);

    /// <summary>The kind of entry with this type; null for a type this version does not know.</summary>
    public static EventKind? Kind(string type) => ByType.GetValueOrDefault(type);

    /// <summary>Reads an entry's data as its type's event; never throws, whatever the data holds.</summary>
    public static ReadEntry Read(AuditEntry entry)
    {
        if (!ByType.TryGetValue(entry.Type, out var kind))
            return new ReadEntry(entry, null, [$"type '{SafeText.Escape(entry.Type)}' is not one this version of LfrAudit knows"]) { IsUnknownType = true };
        var fields = new EventFields(entry.Data);
        var read = kind.Read(fields);
        return new ReadEntry(entry, fields.Problems.Count == 0 ? read : null, fields.Problems);
    }
}
