using LfrAudit.Core.Domain;
using LfrAudit.Core.Retention;

namespace LfrAudit.Core.Ports;

/// <summary>The biometric evidence still held, and its deletion.</summary>
public interface IRetentionStore
{
    IReadOnlyList<HeldEvidence> ListHeldEvidence();
    /// <summary>Deletes the evidence (crop and embedding) of these alerts and records the purge, in one transaction.</summary>
    Purge DeleteEvidence(IReadOnlyList<AlertId> alerts, string reason, DateTimeOffset at);
}
