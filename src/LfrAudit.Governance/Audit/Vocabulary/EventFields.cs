using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>
/// Reads an entry's data member by member, checking each one's shape (a string, a whole number in range, a time, a
/// decimal string, a list of strings, a map of counts) and collecting every problem instead of throwing, so a log an
/// IAG is handed is read as far as it can be and each odd field is named. Missing members read as defaults.
/// </summary>
public sealed class EventFields(JsonObject data)
{
    private readonly List<string> _problems = [];

    /// <summary>Every member found missing or of the wrong shape so far, each naming the member.</summary>
    public IReadOnlyList<string> Problems => _problems;

    private JsonNode? Member(string name) => data.TryGetPropertyValue(name, out var v) ? v : null;

    private void Problem(string name, string what) => _problems.Add($"'{name}' {what}");

    /// <summary>A text member; missing or not text is a problem, read as "".</summary>
    public string String(string name)
    {
        var v = Member(name);
        if (v is JsonValue s && s.GetValueKind() == JsonValueKind.String) return s.GetValue<string>();
        Problem(name, v is null ? "is missing" : "is not text");
        return "";
    }

    /// <summary>A text member that older entries may lack: null when absent; anything but text is a problem.</summary>
    public string? OptionalString(string name)
    {
        var v = Member(name);
        if (v is null) return null;
        if (v is JsonValue s && s.GetValueKind() == JsonValueKind.String) return s.GetValue<string>();
        Problem(name, "is not text");
        return null;
    }

    /// <summary>Text of exactly this form: a SHA-256 as 64 lower-case hex digits.</summary>
    public string Sha256(string name)
    {
        var s = String(name);
        if (s.Length != 0 && (s.Length != 64 || !s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))) Problem(name, "is not a SHA-256 (64 hex digits)");
        return s;
    }

    /// <summary>
    /// A whole number from <paramref name="min"/> to <paramref name="max"/>; anything else is a problem, read as the
    /// minimum.
    /// </summary>
    public long Long(string name, long min = 0, long max = long.MaxValue)
    {
        var v = Member(name);
        if (v is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<long>(out var x))
        {
            if (x >= min && x <= max) return x;
            Problem(name, $"is {x}, outside {min} to {max}");
            return min;
        }
        Problem(name, v is null ? "is missing" : "is not a whole number");
        return min;
    }

    /// <summary>A whole number in range that older entries may lack: null when absent.</summary>
    public long? OptionalLong(string name, long min = 0, long max = long.MaxValue) => Member(name) is null ? null : Long(name, min, max);

    /// <summary>A true or false member; missing or anything else is a problem, read as false.</summary>
    public bool Bool(string name)
    {
        var v = Member(name);
        if (v is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return b.GetValue<bool>();
        Problem(name, v is null ? "is missing" : "is not true or false");
        return false;
    }

    /// <summary>
    /// A UTC time as the log writes it (seven, three or no fractional digits); anything else is a problem.
    /// </summary>
    public DateTimeOffset Time(string name)
    {
        var s = String(name);
        if (s.Length == 0) return default;
        if (DateTimeOffset.TryParseExact(s, ["yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        Problem(name, $"is not a time ('{SafeText.Escape(s.Length > 40 ? s[..40] : s)}')");
        return default;
    }

    /// <summary>A fraction written as a decimal string ("0.6"), as canonical JSON keeps fractions.</summary>
    public double Decimal(string name, double min = double.MinValue, double max = double.MaxValue)
    {
        var s = String(name);
        if (s.Length == 0) return 0;
        if (double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            if (d >= min && d <= max) return d;
            Problem(name, $"is {s}, outside {min} to {max}");
            return min;
        }
        Problem(name, "is not a decimal number");
        return 0;
    }

    /// <summary>
    /// A list of text (cameras); missing, or holding anything but text, is a problem, read as empty.
    /// </summary>
    public IReadOnlyList<string> Strings(string name)
    {
        var v = Member(name);
        if (v is JsonArray a && a.All(x => x is JsonValue s && s.GetValueKind() == JsonValueKind.String)) return a.Select(x => x!.GetValue<string>()).ToList();
        Problem(name, v is null ? "is missing" : "is not a list of text");
        return [];
    }

    /// <summary>A map of names to whole numbers (counts per category, ids given anew).</summary>
    public IReadOnlyDictionary<string, long> Counts(string name)
    {
        var v = Member(name);
        if (v is not JsonObject o) { Problem(name, v is null ? "is missing" : "is not a map of counts"); return new Dictionary<string, long>(); }
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, x) in o)
        {
            if (x is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<long>(out var c) && c >= 0) counts[k] = c;
            else Problem($"{name}.{k}", "is not a count");
        }
        return counts;
    }

    /// <summary>A nested object, or null when the member is absent or JSON null; anything else is a problem.</summary>
    public EventFields? OptionalObject(string name)
    {
        var v = Member(name);
        if (v is null) return null;
        if (v is JsonObject o) return new EventFields(o);
        Problem(name, "is not an object");
        return null;
    }

    /// <summary>Problems of a nested object, named under this one.</summary>
    public void Take(string name, EventFields? inner)
    {
        if (inner is null) return;
        foreach (var p in inner.Problems) _problems.Add($"'{name}'.{p}");
    }
}
