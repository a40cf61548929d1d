using System.Globalization;
using LfrAudit.Core.Problems;

namespace LfrAudit.Recognition.Matching;

/// <summary>A cosine-similarity threshold in [0, 1]: a face scoring at or above it raises an alert.</summary>
public readonly record struct Threshold
{
    public double Value { get; }

    public Threshold(double value)
    {
        if (double.IsNaN(value) || value < 0.0 || value > 1.0)
            throw new LfrInputException($"threshold {value.ToString(CultureInfo.InvariantCulture)} is out of range: it must be between 0 and 1");
        Value = value;
    }

    public bool IsReachedBy(float score) => score >= Value;

    public static Threshold Parse(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new LfrInputException($"threshold '{text}' is not a number: give a value between 0 and 1, e.g. 0.45");
        return new Threshold(v);
    }

    public override string ToString() => Value.ToString("0.###", CultureInfo.InvariantCulture);
}
