using System.Globalization;
using LfrAudit.Core.Problems;

namespace LfrAudit.Recognition.Matching;

/// <summary>A cosine-similarity threshold in [0, 1]: a face scoring at or above it raises an alert.</summary>
public readonly record struct Threshold
{
    /// <summary>The cosine similarity, 0 to 1.</summary>
    public double Value { get; }

    /// <summary>A threshold of <paramref name="value"/>; outside 0 to 1 (or not a number) is refused.</summary>
    public Threshold(double value)
    {
        if (double.IsNaN(value) || value < 0.0 || value > 1.0)
            throw new LfrInputException($"threshold {value.ToString(CultureInfo.InvariantCulture)} is out of range: it must be between 0 and 1");
        Value = value;
    }

    /// <summary>Whether a search's score alerts.</summary>
    public bool IsReachedBy(float score) => score >= Value;

    /// <summary>A threshold a user typed; anything but a number from 0 to 1 is refused in one line.</summary>
    public static Threshold Parse(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new LfrInputException($"threshold '{text}' is not a number: give a value between 0 and 1, e.g. 0.45");
        return new Threshold(v);
    }

    /// <summary>The value as documents show it (up to three decimals).</summary>
    public override string ToString() => Value.ToString("0.###", CultureInfo.InvariantCulture);
}
