using System.ComponentModel;
using System.Diagnostics;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Streams;

/// <summary>
/// One connection to a camera: an ffmpeg child process that pulls the stream (RTSP, HTTP MJPEG or MPEG-TS, …),
/// decodes it and pipes raw 4:2:0 pictures to us as YUV4MPEG2 — the way Frigate runs its cameras. A watchdog kills
/// the process when nothing arrives for too long, so a silent camera ends a read instead of blocking it forever.
/// </summary>
internal sealed class FfmpegConnection : IDisposable
{
    private readonly Process _process;
    private readonly Y4mStream _y4m;
    private readonly Timer _watchdog;
    private readonly Queue<string> _stderrTail = new();
    private long _lastProgress = Stopwatch.GetTimestamp();
    private TimeSpan _patience;
    private int _killed;
    private Mat? _yuv;

    /// <summary>The stream's picture format, read by <see cref="Open"/> before the connection is handed out.</summary>
    public Y4mFormat Format { get; private set; } = null!;

    /// <summary>The ffmpeg child's process id (for tests that check it is gone).</summary>
    internal int ProcessId => _process.Id;

    /// <summary>True when the watchdog ended the connection because the camera went silent.</summary>
    public bool Stalled { get; private set; }

    private FfmpegConnection(Process process, StreamSettings settings, string address, bool recordedFile)
    {
        _process = process;
        _y4m = new Y4mStream(process.StandardOutput.BaseStream);
        _patience = settings.ConnectTimeout;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { Length: > 0 } line) return;
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(Clean(line, address));
                if (_stderrTail.Count > 8) _stderrTail.Dequeue();
            }
        };
        _process.BeginErrorReadLine();
        // A file is read at the pipeline's pace (it may wait on a slow stage): only a camera is watched for silence.
        _watchdog = recordedFile ? new Timer(_ => { }) : new Timer(_ => Watch(), null, 200, 200);
    }

    /// <summary>Whether the ffmpeg the settings name can be started here (looked up on the PATH once).</summary>
    public static bool IsInstalled(StreamSettings settings) => Installed.GetOrAdd(settings.Ffmpeg, static name =>
    {
        if (name.Contains('/')) return File.Exists(name);
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Installed = new();

    /// <summary>
    /// Connects and reads the stream's header; a camera that cannot be reached is one line naming why. A recorded
    /// file (<paramref name="recordedFile"/>) is decoded the same way, without the watchdog. Both frame for frame: ffmpeg's
    /// default for this output repeats pictures to fill gaps in the timestamps (a clip with a 2 s gap gave 152 pictures
    /// for its 92 frames), which would shift every frame number a truth file gives, and from a camera would be pictures
    /// it never sent, searched for nothing (four looped street cameras read up to 1,615 pictures in 60 s at 25 a second).
    /// </summary>
    public static FfmpegConnection Open(string address, StreamSettings settings, bool recordedFile = false)
    {
        var start = new ProcessStartInfo(settings.Ffmpeg)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        // Even picture sizes (a crop of at most one pixel) keep the 4:2:0 planes whole; audio, subtitles and data are not read.
        var pictures = "crop=trunc(iw/2)*2:trunc(ih/2)*2";
        if (settings.DecodeLongSide is { } side)
            pictures += string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $",scale='if(gte(iw,ih),min({side},iw),-2)':'if(gte(iw,ih),-2,min({side},ih))':flags=fast_bilinear");
        // A camera decodes on one thread: a 1080p stream at 25 fps needs a sixth of a core, and with several cameras on two
        // cores, ffmpeg's own threads per camera only fight (four cameras: 109 % of a core decoding on its threads, 95 % on
        // one, and 74 frames a second searched together against 61). A file is read as fast as it can be, on ffmpeg's threads.
        string[] oneThread = recordedFile ? [] : ["-threads", "1", "-filter_threads", "1"];
        foreach (var a in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", .. oneThread, "-i", address, "-an", "-sn", "-dn",
                     "-vf", pictures, "-fps_mode", "passthrough", "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", "pipe:1"])
            start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start) ?? throw new IOException("ffmpeg did not start"); }
        catch (Win32Exception) { throw new LfrInputException("network cameras are decoded by ffmpeg, which is not installed here (Debian: apt-get install ffmpeg)"); }
        var connection = new FfmpegConnection(process, settings, address, recordedFile);
        try
        {
            connection.Format = connection._y4m.ReadHeader() ?? throw new IOException(connection.Silenced
                ? $"no answer within {settings.ConnectTimeout.TotalSeconds:0.#} s" : "the stream ended before its first picture");
            connection._patience = settings.StallTimeout;
            connection.Touch();
            return connection;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or EndOfStreamException)
        {
            if (process.WaitForExit(1000)) process.WaitForExit(); // the second wait lets the last stderr line arrive
            // The last line ffmpeg wrote says why (connection refused, 404, no such stream); credentials are redacted from it.
            var reason = connection.Silenced ? ex.Message : connection.LastError ?? ex.Message;
            connection.Dispose();
            throw new StreamUnreachableException(reason);
        }
    }

    /// <summary>ffmpeg's line without the address it starts with (the caller names the camera) and with any other credentials redacted.</summary>
    private static string Clean(string line, string address)
    {
        if (line.StartsWith(address + ": ", StringComparison.Ordinal)) line = line[(address.Length + 2)..];
        return StreamAddress.RedactWithin(line.Replace(address, StreamAddress.Redact(address), StringComparison.Ordinal));
    }

    public string? LastError { get { lock (_stderrTail) return _stderrTail.Count > 0 ? _stderrTail.Last() : null; } }

    private bool Silenced => Volatile.Read(ref _killed) == 1;

    /// <summary>
    /// The next picture, converted to BGR into a buffer from <paramref name="pool"/>; null when the stream ends or
    /// drops. The 4:2:0 picture it is read into is the connection's own, wiped when the connection is.
    /// </summary>
    public Mat? ReadPicture(FramePool pool)
    {
        _yuv ??= Y4mStream.NewPicture(Format);
        bool ok;
        try { ok = _y4m.ReadFrame(Format, _yuv); }
        catch (Exception ex) when (ex is IOException or InvalidDataException or EndOfStreamException) { ok = false; }
        if (!ok) return null;
        Touch();
        var bgr = pool.Rent(Format.Height, Format.Width);
        Native.OpenCvCalls.CvtColor(_yuv, bgr, ColorConversionCodes.YUV2BGR_I420);
        return bgr;
    }

    private void Touch() => Interlocked.Exchange(ref _lastProgress, Stopwatch.GetTimestamp());

    private void Watch()
    {
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastProgress)) <= _patience) return;
        Stalled = true;
        Kill();
    }

    /// <summary>Ends the connection now (a stall, a cancellation); a read in progress returns end of stream.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1) return;
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } // already gone
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        Kill();
        if (_yuv is not null)
        {
            _yuv.SetTo(Scalar.All(0)); // raw pixels of whoever passed
            _yuv.Dispose();
        }
        _process.WaitForExit(2000);
        _process.Dispose();
    }
}

/// <summary>A camera that could not be reached, and why (as ffmpeg said it, credentials redacted).</summary>
internal sealed class StreamUnreachableException(string reason) : IOException(reason);
