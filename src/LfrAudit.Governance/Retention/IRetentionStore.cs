using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Retention;

/// <summary>The biometric evidence still held, and its deletion.</summary>
public interface IRetentionStore
{
    /// <summary>Every alert whose evidence is still held, with its decision and when its deployment or run ended.</summary>
    IReadOnlyList<HeldEvidence> ListHeldEvidence();
    /// <summary>Deletes the evidence (crop and embedding) of these alerts and records the purge, in one transaction.</summary>
    Purge DeleteEvidence(IReadOnlyList<AlertId> alerts, string reason, DateTimeOffset at);
}
