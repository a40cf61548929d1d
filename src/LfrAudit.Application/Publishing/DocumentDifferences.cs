using System.Text.Json;
using System.Text.Json.Nodes;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// A document as published against the same document built from the log, member by member (nested members by their
/// path), numbers to the six decimals the log keeps. Each difference is named in words with both values.
/// </summary>
internal static class DocumentDifferences
{
    /// <param name="notFromLog">Members the log cannot speak to (the publisher's settings and standard wording).</param>
    public static IReadOnlyList<string> Of<T>(T published, T fromLog, IReadOnlySet<string> notFromLog)
    {
        // Both go through the document's own type, so a member added since an older document was frozen reads as its default in both.
        var a = JsonSerializer.SerializeToNode(published, PublicSite.Json)!.AsObject();
        var b = JsonSerializer.SerializeToNode(fromLog, PublicSite.Json)!.AsObject();
        var found = new List<string>();
        foreach (var name in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)).Where(n => !notFromLog.Contains(n)))
            Compare(name, a[name], b[name], found);
        return found;
    }

    private static void Compare(string path, JsonNode? mine, JsonNode? logs, List<string> found)
    {
        if (Same(mine, logs)) return;
        if (mine is JsonObject x && logs is JsonObject y)
        {
            foreach (var key in x.Select(kv => kv.Key).Union(y.Select(kv => kv.Key))) Compare($"{path}.{key}", x[key], y[key], found);
            return;
        }
        if (mine is JsonArray xs && logs is JsonArray ys && xs.Count == ys.Count)
        {
            for (int i = 0; i < xs.Count; i++) Compare($"{path}[{i}]", xs[i], ys[i], found);
            return;
        }
        found.Add($"its {path.Replace('_', ' ')} says {Show(mine)}, where the audit log gives {Show(logs)}");
    }

    private static bool Same(JsonNode? a, JsonNode? b) =>
        a is JsonValue x && b is JsonValue y && x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number
            ? Math.Round(x.GetValue<double>(), 6) == Math.Round(y.GetValue<double>(), 6)
            : JsonNode.DeepEquals(a, b);

    private static string Show(JsonNode? v) => v is null ? "nothing" : Disagreements.Show(v.ToJsonString());
}
