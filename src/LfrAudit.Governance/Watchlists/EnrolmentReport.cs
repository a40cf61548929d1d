namespace LfrAudit.Governance.Watchlists;

/// <summary>What happened to one manifest entry at enrolment.</summary>
public sealed record EntryOutcome(int Line, string? Id, bool Enrolled, int ImagesAccepted, IReadOnlyList<string> Problems);

public sealed record EnrolmentReport(string ManifestPath, IReadOnlyList<EntryOutcome> Entries)
{
    public int EnrolledCount => Entries.Count(e => e.Enrolled);
    public int RejectedCount => Entries.Count(e => !e.Enrolled);
    public bool HasProblems => Entries.Any(e => e.Problems.Count > 0);
}
