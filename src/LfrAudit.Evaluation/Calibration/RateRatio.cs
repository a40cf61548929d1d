using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Calibration;

/// <summary>
/// One rate over another, measured on independent samples (footage's TPIR over the same people's stills'), with a 95 %
/// interval on the log scale (Katz et al. 1978, the usual interval for a ratio of two proportions; half a success is
/// added to a count of none or all so that they still give an interval; with none found the lower end is 0).
/// </summary>
public readonly record struct RateRatio(Proportion Numerator, Proportion Denominator)
{
    /// <summary>The ratio of the two rates; null when either has no trials or the denominator saw no success.</summary>
    public double? Value => Numerator.Rate is { } a && Denominator.Rate is { } b && b > 0 ? a / b : null;

    /// <summary>The 95 % interval of the ratio; null where <see cref="Value"/> is.</summary>
    public (double Lower, double Upper)? Interval95
    {
        get
        {
            if (Value is null) return null;
            static (double X, double N) Adjusted(Proportion p) => p.Successes == 0 || p.Successes == p.Trials
                ? (p.Successes + 0.5, p.Trials + 1.0) : (p.Successes, p.Trials);
            var (x1, n1) = Adjusted(Numerator);
            var (x2, n2) = Adjusted(Denominator);
            double centre = Math.Log(x1 / n1 / (x2 / n2));
            double half = Proportion.Z95 * Math.Sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
            // None found: the ratio is 0 and so is the interval's lower end; the adjusted counts give its upper end.
            return (Numerator.Successes == 0 ? 0 : Math.Exp(centre - half), Math.Exp(centre + half));
        }
    }
}
