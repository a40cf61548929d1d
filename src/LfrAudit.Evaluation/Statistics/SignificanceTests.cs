namespace LfrAudit.Evaluation.Statistics;

/// <summary>Tests of a difference between two groups' rates, and what the counts could have detected.</summary>
public static class SignificanceTests
{
    /// <summary>
    /// Fisher's exact test, two-sided, for successes a of n1 against c of n2: the probability, under equal
    /// rates and fixed margins, of a table at most as likely as the one observed (hypergeometric).
    /// </summary>
    public static double FisherExactTwoSided(long a, long n1, long c, long n2)
    {
        long b = n1 - a, d = n2 - c;
        if (a < 0 || b < 0 || c < 0 || d < 0) throw new ArgumentOutOfRangeException(nameof(a), "counts cannot exceed their totals");
        long rowA = n1, rowB = n2, col1 = a + c, n = n1 + n2;
        if (n == 0) return 1;
        double LogP(long x) => LogChoose(rowA, x) + LogChoose(rowB, col1 - x) - LogChoose(n, col1);
        double observed = LogP(a);
        double total = 0;
        for (long x = Math.Max(0, col1 - rowB); x <= Math.Min(rowA, col1); x++)
        {
            double lp = LogP(x);
            if (lp <= observed + 1e-7) total += Math.Exp(lp);
        }
        return Math.Min(1, total);
    }

    /// <summary>Holm's step-down adjustment of p-values for multiple comparisons (family-wise error).</summary>
    public static double[] Holm(IReadOnlyList<double> p)
    {
        var order = Enumerable.Range(0, p.Count).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[p.Count];
        double running = 0;
        for (int rank = 0; rank < order.Length; rank++)
        {
            running = Math.Max(running, Math.Min(1, (p.Count - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// The smallest difference in rates two groups of these sizes could show as significant at the given
    /// level with 80 % power, around a common rate p (two-proportion normal approximation). Small groups can
    /// only see large differences: that is what "no significant difference" is worth.
    /// </summary>
    public static double MinimumDetectableDifference(double p, long n1, long n2, double alpha = 0.05, double power = 0.8)
    {
        if (n1 <= 0 || n2 <= 0) return double.NaN;
        p = Math.Clamp(p, 1e-6, 1 - 1e-6);
        double z = InverseNormal(1 - alpha / 2) + InverseNormal(power);
        return z * Math.Sqrt(p * (1 - p) * (1.0 / n1 + 1.0 / n2));
    }

    private static double LogChoose(long n, long k) => k < 0 || k > n ? double.NegativeInfinity : LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(long n)
    {
        double s = 0;
        for (long i = 2; i <= n; i++) s += Math.Log(i);
        return s;
    }

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double InverseNormal(double p)
    {
        if (p <= 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p));
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -InverseNormal(1 - p);
        double r = p - 0.5, t = r * r;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * r / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }
}
