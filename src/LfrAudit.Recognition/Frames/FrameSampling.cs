using System.Globalization;
using LfrAudit.Core.Problems;

namespace LfrAudit.Recognition.Frames;

/// <summary>Which frames of a source are searched: all, every Nth, or at most F per second of source time.</summary>
public abstract record FrameSampling
{
    /// <summary>Every frame is searched.</summary>
    public static readonly FrameSampling All = new EveryNth(1);

    /// <summary>Every n-th frame (n of 1 or more; else refused).</summary>
    public static FrameSampling Every(int n) =>
        n >= 1 ? new EveryNth(n) : throw new InvalidValueException(InputField.FrameInterval, n.ToString(CultureInfo.InvariantCulture), "give a whole number of frames, 1 or more");

    /// <summary>At most <paramref name="fps"/> frames a second of source time (above 0; else refused).</summary>
    public static FrameSampling PerSecond(double fps) =>
        fps > 0 && double.IsFinite(fps) ? new AtRate(fps)
            : throw new InvalidValueException(InputField.SamplingRate, fps.ToString(CultureInfo.InvariantCulture), "give a rate above 0");

    /// <summary>A fresh, stateful decision for one run.</summary>
    public abstract Func<long, TimeSpan, bool> NewDecider();

    private sealed record EveryNth(int N) : FrameSampling
    {
        public override Func<long, TimeSpan, bool> NewDecider()
        {
            long seen = 0;
            return (_, _) => seen++ % N == 0;
        }
        public override string ToString() => N == 1 ? "every frame" : $"every {N} frames";
    }

    private sealed record AtRate(double Fps) : FrameSampling
    {
        public override Func<long, TimeSpan, bool> NewDecider()
        {
            var period = TimeSpan.FromSeconds(1.0 / Fps);
            TimeSpan? next = null;
            return (_, offset) =>
            {
                if (next is { } due && offset < due) return false;
                // Schedule from the due time, not the frame time, so the long-run rate is exact.
                next = next is null ? offset + period : Max(next.Value + period, offset);
                return true;
            };
        }
        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
        public override string ToString() => $"{Fps.ToString("0.##", CultureInfo.InvariantCulture)} frames per second";
    }
}
