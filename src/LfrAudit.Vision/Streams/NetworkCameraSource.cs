using System.Diagnostics;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Frames;

namespace LfrAudit.Vision.Streams;

/// <summary>
/// A network camera (rtsp://, http:// MJPEG or MPEG-TS, …) decoded by ffmpeg. A camera that cannot be reached at
/// the start is one line naming why. Once running, a drop or a stall (no picture for the stall timeout) closes the
/// connection and the source reconnects with growing waits, counting what was missed, until the camera is back or
/// has been gone for longer than the give-up time. Its address is shown and logged only with credentials redacted.
/// </summary>
internal sealed class NetworkCameraSource : IFrameSource
{
    private readonly string _address;
    private readonly StreamSettings _settings;
    private readonly List<string> _warnings = [];
    private FfmpegConnection? _connection;
    private readonly FramePool _pictures = new();
    // An outage runs from the last picture, not from when it was noticed: a stall is only seen a stall timeout later.
    private readonly Stopwatch _sinceLastPicture = new();

    public string Description { get; }
    public bool IsLive => true;
    public double? NominalFps { get; private set; }
    public long? LengthInFrames => null;
    public IReadOnlyList<string> Warnings { get { lock (_warnings) return _warnings.ToList(); } }

    /// <summary>Times the camera dropped or stalled, times it came back, and the frames estimated lost meanwhile.</summary>
    public int Drops { get; private set; }
    public int Stalls { get; private set; }
    public int Reconnects { get; private set; }
    public long FramesMissed { get; private set; }

    public NetworkCameraSource(string address, StreamSettings? settings = null)
    {
        _address = address;
        _settings = settings ?? StreamSettings.Default;
        Description = $"stream {StreamAddress.Redact(address)}";
        try { _connection = FfmpegConnection.Open(address, _settings); }
        catch (StreamUnreachableException ex) { throw new LfrInputException($"{Description}: cannot be reached: {ex.Message}"); }
        NominalFps = _connection.Format.Fps;
    }

    public IEnumerable<IFrame> ReadFrames(CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        long index = 0;
        using var stop = cancellation.Register(() => _connection?.Kill()); // a blocked read ends at once
        while (!cancellation.IsCancellationRequested)
        {
            if (_connection is null && (_connection = Reconnect(index, cancellation)) is null) yield break;
            if (_connection.ReadPicture(_pictures) is not { } bgr)
            {
                if (cancellation.IsCancellationRequested) yield break;
                Dropped(index);
                continue;
            }
            _sinceLastPicture.Restart();
            yield return _pictures.Frame(bgr, index++, clock.Elapsed);
        }
    }

    private void Dropped(long index)
    {
        var c = _connection!;
        bool stalled = c.Stalled;
        Warn($"{Description}: {(stalled ? $"stalled (no picture for {_settings.StallTimeout.TotalSeconds:0.#} s)" : "dropped")} after frame {index}"
            + (stalled || c.LastError is null ? "" : $": {c.LastError}"));
        if (stalled) Stalls++;
        else Drops++;
        c.Dispose();
        _connection = null;
    }

    /// <summary>Tries again after 1, 2, 4 … seconds (at most the longest retry) until the camera answers or the give-up time passes.</summary>
    private FfmpegConnection? Reconnect(long index, CancellationToken cancellation)
    {
        var gone = _sinceLastPicture.IsRunning ? _sinceLastPicture : Stopwatch.StartNew();
        var wait = _settings.FirstRetry;
        string? reason = null;
        while (gone.Elapsed < _settings.GiveUpAfter)
        {
            if (cancellation.WaitHandle.WaitOne(wait)) return null;
            try
            {
                var connection = FfmpegConnection.Open(_address, _settings);
                var outage = gone.Elapsed;
                long missed = (long)Math.Round(outage.TotalSeconds * (NominalFps ?? 0));
                FramesMissed += missed;
                Reconnects++;
                _sinceLastPicture.Reset();
                NominalFps = connection.Format.Fps ?? NominalFps;
                Warn($"{Description}: back after {outage.TotalSeconds:0.#} s (about {missed} frames missed)");
                return connection;
            }
            catch (StreamUnreachableException ex) { reason = ex.Message; }
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _settings.LongestRetry.Ticks));
        }
        Warn($"{Description}: gone since frame {index} and not back within {_settings.GiveUpAfter.TotalSeconds:0.#} s ({reason ?? "no answer"}); stopped reading it");
        return null;
    }

    private void Warn(string text)
    {
        lock (_warnings) _warnings.Add(text);
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _connection = null;
        _pictures.Dispose();
    }
}
