namespace LfrAudit.Application.Evaluation;

/// <summary>
/// Progress for output that is not a terminal (a log, a pipe, CI): one line per tenth of the work, on stderr, so a long
/// run shows it is alive without a bar's control characters and stdout stays the result alone.
/// </summary>
public sealed class ProgressInTenths(string what, Action<string> line) : IProgress<(int Done, int Total)>
{
    private int _lastTenth = -1;

    /// <summary>Writes a line when the work passes the next tenth (never twice for one, never backwards).</summary>
    public void Report((int Done, int Total) value)
    {
        if (value.Total <= 0) return;
        int tenth = (int)Math.Min(10, 10L * Math.Clamp(value.Done, 0, value.Total) / value.Total);
        // The callback may come from the workers' threads: one line per tenth, each once.
        int last = Volatile.Read(ref _lastTenth);
        while (tenth > last)
        {
            if (Interlocked.CompareExchange(ref _lastTenth, tenth, last) == last)
            {
                line(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what}: {value.Done}/{value.Total} ({tenth * 10} %)"));
                return;
            }
            last = Volatile.Read(ref _lastTenth);
        }
    }
}
