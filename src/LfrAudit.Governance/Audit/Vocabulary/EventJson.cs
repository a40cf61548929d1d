using System.Globalization;
using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>How events write values canonical JSON has no form for: times as fixed-width UTC text, fractions as decimal strings.</summary>
public static class EventJson
{
    /// <summary>
    /// A time as every entry writes it: UTC, seven fractional digits, 'Z' (<see cref="AuditEntry.Time"/>).
    /// </summary>
    public static string Time(DateTimeOffset t) => AuditEntry.Time(t);

    /// <summary>Fractional values as decimal strings (canonical JSON has integers only): "0.5", "0.7143".</summary>
    public static string Decimal(double v) => Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Counts by name (a watchlist's entries per category) as one object, names in ordinal order.</summary>
    public static JsonObject Counts(IEnumerable<KeyValuePair<string, long>> counts)
    {
        var o = new JsonObject();
        foreach (var (k, v) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)) o[k] = v;
        return o;
    }

    /// <summary>A list of text, in its order (a deployment's cameras).</summary>
    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    /// <summary>Adds a member only when it has a value, so events written before it existed read and hash as they did.</summary>
    public static JsonObject With(this JsonObject o, string name, string? value)
    {
        if (value is not null) o[name] = value;
        return o;
    }
}
