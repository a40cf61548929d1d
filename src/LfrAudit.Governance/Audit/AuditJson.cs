using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// Reads one line of an exported log (an entry or a tree head) as a JSON object, within bounds and only in the
/// forms canonical JSON has: at most <see cref="MaxLineBytes"/> of UTF-8, nested at most <see cref="MaxDepth"/>
/// deep, each member named once, numbers integers in the canonical range, strings valid Unicode. Whatever else
/// a line holds comes back as a reason, so a verifier can name the line and say what is wrong with it.
/// </summary>
public static class AuditJson
{
    /// <summary>Longer than any entry the log writes (a site import's id map of a million alerts is about 16 MB).</summary>
    public const int MaxLineBytes = 32 * 1024 * 1024;

    /// <summary>Entries nest a few levels; the bound keeps parsing and re-encoding shallow whatever a line holds.</summary>
    public const int MaxDepth = 32;

    /// <summary>The largest integer canonical JSON writes (<see cref="CanonicalJson"/> refuses 10^18 and beyond).</summary>
    public const long MaxInteger = 999_999_999_999_999_999;

    /// <summary>The object a line holds, or the reason it holds none (empty, too long, not UTF-8, not JSON, not canonical data).</summary>
    public static bool TryParseObject(string line, [NotNullWhen(true)] out JsonObject? value, [NotNullWhen(false)] out string? problem)
    {
        value = null;
        if (line.Length == 0) { problem = "an empty line"; return false; }
        // Checked before anything is allocated for it: each UTF-16 unit is at least one byte of UTF-8.
        if (line.Length > MaxLineBytes || Encoding.UTF8.GetByteCount(line) > MaxLineBytes)
        {
            problem = $"a line longer than {MaxLineBytes / (1024 * 1024)} MiB";
            return false;
        }
        if (HasUnpairedSurrogate(line)) { problem = "text that is not valid UTF-8"; return false; }

        // One more level than we accept, so our own depth check, which says what is wrong, comes first.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line), new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject) { problem = $"{Describe(reader.TokenType)}, not a JSON object"; return false; }
            if (!TryReadValue(ref reader, out var node, out problem)) return false;
            reader.Read(); // only whitespace may follow: anything else is a JsonException
            value = (JsonObject)node!;
            return true;
        }
        catch (JsonException ex)
        {
            // The reader's own syntax error is the one exception parsing has; it says where.
            problem = $"not JSON (at byte {(ex.BytePositionInLine ?? 0) + 1}: {FirstSentence(ex.Message)})";
            return false;
        }
    }

    private static bool TryReadValue(ref Utf8JsonReader r, out JsonNode? node, [NotNullWhen(false)] out string? problem)
    {
        node = null;
        problem = null;
        switch (r.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                if (r.CurrentDepth >= MaxDepth) { problem = $"JSON nested more than {MaxDepth} deep"; return false; }
                var o = new JsonObject();
                while (r.Read() && r.TokenType != JsonTokenType.EndObject)
                {
                    if (!TryReadString(ref r, out var name, out problem)) return false;
                    if (o.ContainsKey(name)) { problem = $"member '{Show(name)}' appears twice"; return false; }
                    r.Read();
                    if (!TryReadValue(ref r, out var member, out problem)) return false;
                    o.Add(name, member);
                }
                node = o;
                return true;
            }
            case JsonTokenType.StartArray:
            {
                if (r.CurrentDepth >= MaxDepth) { problem = $"JSON nested more than {MaxDepth} deep"; return false; }
                var a = new JsonArray();
                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    if (!TryReadValue(ref r, out var item, out problem)) return false;
                    a.Add(item);
                }
                node = a;
                return true;
            }
            case JsonTokenType.String:
                if (!TryReadString(ref r, out var s, out problem)) return false;
                node = JsonValue.Create(s);
                return true;
            case JsonTokenType.Number:
                // Integers only, written as digits: a fraction, an exponent or a number past the canonical range has no canonical form.
                if (!r.TryGetInt64(out long n) || n > MaxInteger || n < -MaxInteger)
                {
                    problem = $"the number {Show(Encoding.UTF8.GetString(r.ValueSpan))}, which is not an integer canonical JSON can hold";
                    return false;
                }
                node = JsonValue.Create(n);
                return true;
            case JsonTokenType.True:
            case JsonTokenType.False:
                node = JsonValue.Create(r.TokenType == JsonTokenType.True);
                return true;
            case JsonTokenType.Null:
                return true;
            default:
                problem = $"an unexpected {r.TokenType}";
                return false;
        }
    }

    // The reader has checked an escape's syntax but not that \uD800-\uDFFF escapes come in pairs; a string with an
    // unpaired one is not Unicode, and would make GetString throw.
    private static bool TryReadString(ref Utf8JsonReader r, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? problem)
    {
        value = null;
        problem = null;
        if (r.ValueIsEscaped && !EscapedSurrogatesPair(r.ValueSpan))
        {
            problem = "a string with an unpaired surrogate escape (not Unicode text)";
            return false;
        }
        value = r.GetString()!;
        return true;
    }

    private static bool EscapedSurrogatesPair(ReadOnlySpan<byte> raw)
    {
        bool wantLow = false;
        for (int i = 0; i < raw.Length; i++)
        {
            bool unicodeEscape = raw[i] == '\\' && raw[i + 1] == 'u';
            int unit = unicodeEscape ? int.Parse(raw.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) : -1;
            bool high = unit is >= 0xD800 and <= 0xDBFF, low = unit is >= 0xDC00 and <= 0xDFFF;
            if (wantLow != low) return false;
            wantLow = high;
            if (raw[i] == '\\') i += unicodeEscape ? 5 : 1;
        }
        return !wantLow;
    }

    /// <summary>True when the text holds a UTF-16 surrogate without its partner: text no UTF-8 can hold (an export reader keeps bytes that are not UTF-8 so).</summary>
    public static bool HasUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        int i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0) return false;
        for (; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return true;
            i++;
        }
        return false;
    }

    /// <summary>A name or value from a line, fit for a one-line message: control characters escaped, long text cut.</summary>
    public static string Show(string text) => SafeText.Escape(text.Length <= 40 ? text : text[..40] + "…");

    /// <summary>What a member's value is, in words, for "'seq' is a string, not an integer".</summary>
    public static string Describe(JsonNode? node) => node is null ? "null" : node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    // The reader's message without its "LineNumber: 0 | BytePositionInLine: n." tail, which the caller words itself.
    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end < 0 ? message.TrimEnd('.') : message[..end];
        return SafeText.Escape(sentence.Length <= 100 ? sentence : sentence[..100] + "…");
    }

    /// <summary>Lower-case hex digits only, and exactly <paramref name="length"/> of them.</summary>
    public static bool IsLowerHex(string s, int length) => s.Length == length && !s.AsSpan().ContainsAnyExcept(LowerHex);

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");
}

/// <summary>
/// Reads the members of an object read by <see cref="AuditJson.TryParseObject"/> (whose values are plain strings,
/// longs and booleans) one by one, keeping the first reason one is unknown, missing or of the wrong type.
/// </summary>
internal sealed class JsonMembers
{
    private readonly JsonObject _o;

    public JsonMembers(JsonObject o, IReadOnlyCollection<string> allowed)
    {
        _o = o;
        foreach (var (name, _) in o)
            if (!allowed.Contains(name)) { Problem = $"an unknown member '{AuditJson.Show(name)}'"; break; }
    }

    /// <summary>The first thing wrong, or null.</summary>
    public string? Problem { get; private set; }

    public long Integer(string name) =>
        Get(name) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long value) ? value : Wrong(name, "an integer", 0L);

    public string String(string name) =>
        Get(name) is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.TryGetValue(out string? value) ? value : Wrong(name, "a string", "");

    public JsonObject Object(string name) => Get(name) as JsonObject ?? Wrong(name, "an object", new JsonObject());

    private JsonNode? Get(string name)
    {
        if (Problem is not null) return null;
        if (!_o.TryGetPropertyValue(name, out var node)) Problem = $"no '{name}'";
        return node;
    }

    private T Wrong<T>(string name, string expected, T placeholder)
    {
        Problem ??= $"'{name}' is {AuditJson.Describe(_o[name])}, not {expected}";
        return placeholder;
    }
}
