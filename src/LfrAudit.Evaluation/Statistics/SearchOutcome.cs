namespace LfrAudit.Evaluation.Statistics;

/// <summary>
/// One search of a probe against the watchlist, as the metrics need it: whose probe it is (for resampling
/// people), whether that person is enrolled (mated), whether the top candidate is the right person, the top
/// score, and the person's demographic labels (an absent label is simply not there).
/// </summary>
public sealed record SearchOutcome(string Person, bool Mated, bool TopIsRightPerson, float TopScore, IReadOnlyDictionary<string, string> Groups)
{
    /// <summary>A mated search is a true positive at t when the right person is top with a score of at least t.</summary>
    public bool TruePositiveAt(double t) => Mated && TopIsRightPerson && TopScore >= t;

    /// <summary>A non-mated search is a false positive at t when any candidate reaches t (the top one is enough).</summary>
    public bool FalsePositiveAt(double t) => !Mated && TopScore >= t;
}

/// <summary>TPIR, FNIR and FPIR at one threshold, with their counts (ARCHITECTURE.md, "Metrics").</summary>
public sealed record IdentificationRates(double Threshold, Proportion Tpir, Proportion Fpir)
{
    /// <summary>Mated searches missed: 1 − TPIR.</summary>
    public Proportion Fnir => Tpir.Complement;

    /// <summary>The rates of <paramref name="searches"/> at <paramref name="threshold"/>.</summary>
    public static IdentificationRates At(IEnumerable<SearchOutcome> searches, double threshold)
    {
        long mated = 0, tp = 0, nonMated = 0, fp = 0;
        foreach (var s in searches)
        {
            if (s.Mated) { mated++; if (s.TruePositiveAt(threshold)) tp++; }
            else { nonMated++; if (s.FalsePositiveAt(threshold)) fp++; }
        }
        return new IdentificationRates(threshold, new Proportion(tp, mated), new Proportion(fp, nonMated));
    }
}
