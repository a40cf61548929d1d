namespace LfrAudit.Evaluation.Statistics;

/// <summary>
/// A rate with its count behind it and a 95 % Wilson score interval (Wilson 1927; as tabulated by Newcombe
/// 1998), which behaves at 0 and 1 where the normal approximation does not. No trials: no rate.
/// </summary>
public readonly record struct Proportion(long Successes, long Trials)
{
    /// <summary>The normal quantile of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>There was at least one trial.</summary>
    public bool HasData => Trials > 0;

    /// <summary>Successes over trials; null for no trials.</summary>
    public double? Rate => Trials == 0 ? null : Successes / (double)Trials;

    /// <summary>The 95 % Wilson score interval; null for no trials.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public (double Lower, double Upper)? Wilson95 => Trials == 0 ? null : Wilson(Successes, Trials, Z95);

    /// <summary>The interval's lower end.</summary>
    public double? Low => Wilson95?.Lower;
    /// <summary>The interval's upper end.</summary>
    public double? High => Wilson95?.Upper;

    /// <summary>
    /// "successes/trials". Written out because the record's own would print every property, and <see cref="Complement"/>
    /// is a proportion too: it would print itself without end.
    /// </summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Successes}/{Trials}");

    /// <summary>The failures over the same trials (FNIR from TPIR).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Proportion Complement => new(Trials - Successes, Trials);

    /// <summary>The Wilson score interval of <paramref name="x"/> successes in <paramref name="n"/> trials at quantile <paramref name="z"/>.</summary>
    public static (double Lower, double Upper) Wilson(long x, long n, double z)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (x < 0 || x > n) throw new ArgumentOutOfRangeException(nameof(x));
        double p = x / (double)n, z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
