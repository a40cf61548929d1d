using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LfrAudit.Core.Problems;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// The one byte encoding of an audit entry, so anyone can recompute its hash (docs/audit-log.md):
/// UTF-8; no whitespace; object members sorted by their names' UTF-16 code units (ordinal); strings
/// escaped as RFC 8785 does — \" \\ \b \f \n \r \t, other control characters as \u00xx lower-case,
/// everything else literal; numbers only as integers of at most 15 digits (fractional values such as
/// scores are written as decimal strings, so no float formatting rule is needed); true, false, null.
/// </summary>
public static class CanonicalJson
{
    /// <summary>
    /// The canonical UTF-8 bytes of an entry or head; an audit value that is not an integer of at most 15 digits, a
    /// string, a boolean or null is refused (<see cref="LfrInputException"/>) rather than written two ways.
    /// </summary>
    public static byte[] Encode(JsonNode? node)
    {
        var b = new StringBuilder();
        Write(b, node);
        return Encoding.UTF8.GetBytes(b.ToString());
    }

    /// <summary>The same canonical encoding as a string: an entry's line in an export.</summary>
    public static string EncodeToString(JsonNode? node) => Encoding.UTF8.GetString(Encode(node));

    private static void Write(StringBuilder b, JsonNode? node)
    {
        switch (node)
        {
            case null:
                b.Append("null");
                break;
            case JsonObject o:
                b.Append('{');
                bool first = true;
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first) b.Append(',');
                    first = false;
                    String(b, key);
                    b.Append(':');
                    Write(b, value);
                }
                b.Append('}');
                break;
            case JsonArray a:
                b.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0) b.Append(',');
                    Write(b, a[i]);
                }
                b.Append(']');
                break;
            case JsonValue v:
                if (v.TryGetValue<string>(out var s)) String(b, s);
                else if (v.TryGetValue<bool>(out var t)) b.Append(t ? "true" : "false");
                else if (v.TryGetValue<long>(out var l)) Integer(b, l);
                else if (v.TryGetValue<int>(out var i)) Integer(b, i);
                else if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15) Integer(b, (long)d);
                else throw new LfrInputException($"audit entries hold integers, strings, booleans and null only; got {v.ToJsonString()}");
                break;
        }
    }

    private static void Integer(StringBuilder b, long l)
    {
        if (Math.Abs(l) >= 1_000_000_000_000_000) throw new LfrInputException($"audit integer {l} is out of the canonical range");
        b.Append(l.ToString(CultureInfo.InvariantCulture));
    }

    private static void String(StringBuilder b, string s)
    {
        b.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (c < 0x20) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        b.Append('"');
    }
}
