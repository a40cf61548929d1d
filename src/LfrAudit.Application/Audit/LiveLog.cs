using LfrAudit.Governance.Audit;

namespace LfrAudit.Application.Audit;

/// <summary>
/// An export against the live log it claims to come from: the live log must hold every one of its entries, in order.
/// Signatures alone cannot show that — an operator can rewrite and re-sign an export with its own key — but whoever has
/// the store open can.
/// </summary>
internal static class LiveLog
{
    /// <summary>Why <paramref name="exportLines"/> are not the first entries of <paramref name="live"/>, in one line; or null.</summary>
    public static string? Problem(MerkleTree live, IReadOnlyList<string> exportLines) => HistoryPrefix.FirstDifference(live, exportLines) switch
    {
        null => null,
        long at when at >= live.Size => $"the export holds {exportLines.Count} entries but this console's own log holds only {live.Size}: entries {live.Size}-{exportLines.Count - 1} are not in it, so this is not its history",
        long at => $"entry {at} of the export is not entry {at} of this console's own log: the export's history was rewritten (or is another log's)",
    };
}
