namespace LfrAudit.Cli.Options;

/// <summary>
/// Ranges for numeric options, checked while parsing: NaN, infinities and values no one could mean
/// (a latitude of 1e308, a retention of two billion days) are a usage error naming the option, never an overflow later.
/// </summary>
internal static class OptionRanges
{
    public static Option<double?> Within(this Option<double?> option, double min, double max) =>
        Check(option, v => v is null || (double.IsFinite(v.Value) && v >= min && v <= max), min, max);

    public static Option<double> Within(this Option<double> option, double min, double max) =>
        Check(option, v => double.IsFinite(v) && v >= min && v <= max, min, max);

    public static Option<float> Within(this Option<float> option, float min, float max) =>
        Check(option, v => float.IsFinite(v) && v >= min && v <= max, min, max);

    public static Option<int> Within(this Option<int> option, int min, int max) =>
        Check(option, v => v >= min && v <= max, min, max);

    public static Option<int?> Within(this Option<int?> option, int min, int max) =>
        Check(option, v => v is null || (v >= min && v <= max), min, max);

    public static Option<long> Within(this Option<long> option, long min, long max) =>
        Check(option, v => v >= min && v <= max, min, max);

    private static Option<T> Check<T>(Option<T> option, Func<T, bool> ok, IFormattable min, IFormattable max)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            T value;
            try { value = result.GetValueOrDefault<T>(); }
            catch (InvalidOperationException) { return; } // not a number at all: the parser reports that itself
            if (!ok(value))
                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{option.Name} {result.Tokens[^1].Value} is out of range: give a value from {min.ToString(null, CultureInfo.InvariantCulture)} to {max.ToString(null, CultureInfo.InvariantCulture)}"));
        });
        return option;
    }
}
