using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Published;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Publishing;

/// <summary>A site's log as the store holds it, verified: its entries read with the vocabulary, its signed heads, its records.</summary>
internal sealed record VerifiedLog(SiteId Site, IReadOnlyList<ReadEntry> Entries, IReadOnlyList<TreeHead> Heads, LogRecords Records);

/// <summary>
/// Verifies a store's own log before anything is published from it, as 'lfr audit verify' verifies an export: the
/// chain of entries, every signed tree head against the key, every entry covered by one, and every entry's content
/// (<see cref="LogVerifier"/>, then <see cref="LogContents"/>). A log that does not verify backs nothing.
/// </summary>
internal static class SignedStoreLog
{
    /// <param name="keys">
    /// The site's public key among them; without one, only the log's content is read (its chain and signatures need the key).
    /// </param>
    /// <param name="signer">
    /// The store's own signing key, when a command that records holds it: the entries it wrote since the last head (not
    /// signed until it closes) are then covered by a head signed here, in memory only — the chain still links them to
    /// the signed part, and their content is checked against the records like every other entry.
    /// </param>
    public static VerifiedLog Verify(IStore store, SiteId site, SiteKeys keys, out IReadOnlyList<string> problems, ECDsa? signer = null)
    {
        var publicKey = keys.For(site);
        var log = store.AuditOf(site);
        // Heads first: the log only grows, so every head read now covers entries that are there when they are read next.
        var heads = log.Heads();
        var lines = log.Entries().ToList();
        // A refusal names the site whenever the store holds others or its key was given for it by name.
        var alone = site == store.Site && !keys.GivenFor(site) && store.Sites().All(s => s == site || s == SiteId.Registry);
        var whose = alone ? "its audit log" : $"the audit log of site {site}";
        if (signer is not null && lines.Count > 0 && (heads.Count == 0 || heads[^1].TreeSize < lines.Count))
            heads = [.. heads, HeadOver(lines, heads, signer)];
        var verified = publicKey is null ? null : LogVerifier.Verify(lines, heads, publicKey);
        var entries = new List<AuditEntry>(lines.Count);
        foreach (var line in lines) if (AuditEntry.TryParse(line, out var e, out _)) entries.Add(e);
        var reading = LogContents.Read(entries);
        problems = verified is { Ok: false }
            ? verified.Problems.Select(p => $"{whose} does not verify with {keys.NameOf(site)} (key id {TreeHead.KeyIdOf(publicKey!)}): {p}").ToList()
            : reading.Problems.Select(p => $"{whose} does not read as the log of a store: {p}").ToList();
        return new VerifiedLog(site, reading.Entries, heads, LogRecords.Read(reading.Entries));
    }

    private static TreeHead HeadOver(IReadOnlyList<string> lines, IReadOnlyList<TreeHead> heads, ECDsa signer)
    {
        var tree = new MerkleTree();
        DateTimeOffset at = heads.Count > 0 ? heads[^1].Timestamp : DateTimeOffset.MinValue;
        foreach (var line in lines)
        {
            tree.Append(System.Text.Encoding.UTF8.GetBytes(line));
            if (AuditEntry.TryParse(line, out var e, out _) && e.At > at) at = e.At;
        }
        return TreeHead.Sign(lines.Count, tree.Root(lines.Count), at, signer);
    }
}
