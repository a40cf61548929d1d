using System.Security.Cryptography;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// The store's append-only audit log, as the use cases see it. Entries are appended by the stores themselves,
/// inside the transaction of the change they record; here they are read, proved and signed.
/// </summary>
public interface IAuditLog
{
    /// <summary>How many entries the log holds now.</summary>
    long Size { get; }

    /// <summary>Every entry's canonical JSON, in order.</summary>
    IEnumerable<string> Entries();

    /// <summary>The canonical JSON of the entries from sequence number <paramref name="seq"/> on, in order: what a follower of the log has not read yet.</summary>
    IEnumerable<string> EntriesFrom(long seq);

    /// <summary>
    /// The Merkle tree over every entry so far, from which roots and proofs for any earlier size are drawn.
    /// </summary>
    MerkleTree Tree();

    /// <summary>Every signed tree head issued for the log, oldest first.</summary>
    IReadOnlyList<TreeHead> Heads();

    /// <summary>Signs the log as it is now under the store's write lock, and records the head; an empty log is refused.</summary>
    TreeHead IssueTreeHead(ECDsa key);

    /// <summary>The latest time the log holds (its last entry's or head's); null for an empty log.</summary>
    DateTimeOffset? LatestRecordedTime();
}
