namespace LfrAudit.Governance.Watchlists;

/// <summary>What happened to one manifest entry at enrolment.</summary>
public sealed record EntryOutcome(int Line, string? Id, bool Enrolled, int ImagesAccepted, IReadOnlyList<string> Problems);

/// <summary>What enrolling one manifest did, entry by entry.</summary>
/// <param name="ManifestPath">The manifest as given (shown, not opened again).</param>
/// <param name="Entries">Each entry's outcome, in the manifest's order.</param>
public sealed record EnrolmentReport(string ManifestPath, IReadOnlyList<EntryOutcome> Entries)
{
    /// <summary>Entries enrolled (at least one usable image each).</summary>
    public int EnrolledCount => Entries.Count(e => e.Enrolled);
    /// <summary>Entries left out of the watchlist.</summary>
    public int RejectedCount => Entries.Count(e => !e.Enrolled);
    /// <summary>Whether any entry, enrolled or not, had a problem to report.</summary>
    public bool HasProblems => Entries.Any(e => e.Problems.Count > 0);
}
