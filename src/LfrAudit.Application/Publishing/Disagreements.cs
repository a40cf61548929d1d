using LfrAudit.Core.Untrusted;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// What the store holds that its audit log does not bear out, each said as one line naming the record, the field, both
/// values and the log entry: "deployment D: location is 'X' in the store, where the audit log records 'Y' (entry 3)".
/// </summary>
internal sealed class Disagreements
{
    private const int Longest = 120;
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    public void Add(string problem) => _problems.Add(problem);

    public void AddRange(IEnumerable<string> problems) => _problems.AddRange(problems);

    /// <param name="entry">The entry that records the log's value; when the log records none, the entry the record began at.</param>
    public void Compare(string record, string field, string? inStore, string? inLog, long entry)
    {
        if (string.Equals(inStore, inLog, StringComparison.Ordinal)) return;
        var from = FirstDifference(inStore, inLog);
        _problems.Add($"{record}: {field} is {Show(inStore, from)} in the store, where the audit log records {Show(inLog, from)} ({(inLog is null ? "its record there begins at entry" : "entry")} {entry})");
    }

    /// <param name="from">Where two long values first differ: they are shown from a little before it, so the difference is always in view.</param>
    public static string Show(string? value, int from = 0)
    {
        if (value is null) return "none";
        var start = value.Length > Longest && from > Context ? Math.Min(from - Context, value.Length - 1) : 0;
        var shown = (start > 0 ? "…" : "") + value[start..];
        return $"'{SafeText.Escape(shown.Length > Longest ? shown[..Longest] + "…" : shown)}'";
    }

    private const int Context = 30;

    private static int FirstDifference(string? a, string? b)
    {
        if (a is null || b is null) return 0;
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }
}
