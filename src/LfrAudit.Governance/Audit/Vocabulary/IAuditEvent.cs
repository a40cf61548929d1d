using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>
/// One kind of thing the audit log records, as a typed record: the code that causes it raises it, the log appends its
/// <see cref="ToData"/> once, and the verifier, the IAG's report and docs/audit-log.md read the same type back
/// (<see cref="AuditVocabulary"/>). Nothing an event holds can be an image, an embedding or anything about a face
/// that did not alert: a non-match exists in the log only as a per-minute count.
/// </summary>
public interface IAuditEvent
{
    /// <summary>The entry's type, e.g. "alert.adjudicated".</summary>
    string Type { get; }

    /// <summary>The entry's data, as canonical JSON takes it (integers, strings, decimal strings for fractions).</summary>
    JsonObject ToData();
}
