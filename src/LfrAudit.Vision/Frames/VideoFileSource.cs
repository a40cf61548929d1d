using System.Globalization;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Streams;
using OpenCvSharp;

namespace LfrAudit.Vision.Frames;

/// <summary>Who decodes a video file's pictures.</summary>
public enum VideoDecoder
{
    /// <summary>Debian's ffmpeg as a child process when it is installed, else OpenCV's.</summary>
    Auto,
    /// <summary>Debian's ffmpeg, piping 4:2:0 pictures: on a 1080p H.264 clip it needs about 11 ms of CPU a frame
    /// where the FFmpeg inside OpenCV's package needs about 19 (measured on the street clip, one thread each).</summary>
    Ffmpeg,
    /// <summary>The FFmpeg built into OpenCV's runtime package.</summary>
    OpenCv,
}

/// <summary>
/// A recorded video file, read at the pipeline's pace. A file that cannot be opened or yields no frame is an
/// error; one that ends before its header's frame count (truncated, corrupt tail) is read as far as it goes
/// and the shortfall is reported as a warning. OpenCV reads the header (size, rate, frame count) either way.
/// </summary>
internal sealed class VideoFileSource : IFrameSource
{
    private readonly VideoCapture? _capture;
    private readonly VideoDecoder _decoder;
    private readonly StreamSettings _ffmpeg = StreamSettings.Default;
    private readonly FramePool _pictures = new();
    private readonly string _path;
    private readonly List<string> _warnings = [];
    private readonly long _declaredFrames;

    public string Description { get; }
    public bool IsLive => false;
    public double? NominalFps { get; }
    public IReadOnlyList<string> Warnings => _warnings;
    public int Width { get; }
    public int Height { get; }
    public long? LengthInFrames => _declaredFrames > 0 ? _declaredFrames : null;

    public VideoFileSource(string path, VideoDecoder decoder = VideoDecoder.Auto)
    {
        _path = path;
        FileKind.RequireRegularFile(path, "video file");
        if (new FileInfo(path).Length == 0) throw new LfrInputException($"{FileKind.Show(path)}: video file is empty");
        OpenCvLog.Quiet();
        _capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG);
        if (!_capture.IsOpened())
        {
            _capture.Dispose();
            throw new LfrInputException($"{FileKind.Show(path)}: cannot open as a video (corrupt, truncated or not a video format FFmpeg reads)");
        }
        double fps = _capture.Get(VideoCaptureProperties.Fps);
        NominalFps = fps > 0 && double.IsFinite(fps) ? fps : null;
        Width = (int)_capture.Get(VideoCaptureProperties.FrameWidth);
        Height = (int)_capture.Get(VideoCaptureProperties.FrameHeight);
        _declaredFrames = (long)Math.Max(0, _capture.Get(VideoCaptureProperties.FrameCount));
        Description = $"video {Path.GetFileName(path)}";
        _decoder = decoder != VideoDecoder.Auto ? decoder : FfmpegConnection.IsInstalled(_ffmpeg) ? VideoDecoder.Ffmpeg : VideoDecoder.OpenCv;
        if (_decoder == VideoDecoder.Ffmpeg)
        {
            // Its decoder and buffers are not needed once the header is read.
            _capture.Dispose();
            _capture = null;
        }
    }

    /// <summary>The last ffmpeg child started to decode this file (for tests that check it is gone).</summary>
    internal int? DecoderProcessId { get; private set; }

    /// <summary>Who decodes this file's pictures.</summary>
    public VideoDecoder Decoder => _decoder;

    public IEnumerable<IFrame> ReadFrames(CancellationToken cancellation)
    {
        long index = 0;
        var pictures = _decoder == VideoDecoder.Ffmpeg ? FfmpegPictures(cancellation) : OpenCvPictures(cancellation);
        foreach (var (mat, millis) in pictures)
        {
            var offset = NominalFps is { } f ? TimeSpan.FromSeconds(index / f) : TimeSpan.FromMilliseconds(millis);
            yield return _decoder == VideoDecoder.Ffmpeg ? _pictures.Frame(mat, index++, offset) : new MatFrame(mat, index++, offset);
        }
        if (cancellation.IsCancellationRequested) yield break;
        if (index == 0)
            throw new LfrInputException($"{_path}: no frame could be decoded (corrupt or truncated video)");
        // Container frame counts are estimates for some formats; only a clear shortfall is worth a warning.
        if (_declaredFrames > 0 && index < _declaredFrames * 0.98 - 1)
            _warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{_path}: video ended after {index} of {_declaredFrames} frames (truncated or corrupt); the frames read were processed"));
    }

    private IEnumerable<(Mat Picture, double Millis)> OpenCvPictures(CancellationToken cancellation)
    {
        var capture = _capture ?? throw new ObjectDisposedException(nameof(VideoFileSource));
        while (!cancellation.IsCancellationRequested)
        {
            var mat = new Mat();
            bool ok;
            try { ok = capture.Read(mat) && !mat.Empty(); }
            catch (OpenCVException) { ok = false; }
            if (!ok) { mat.Dispose(); yield break; }
            yield return (mat, capture.Get(VideoCaptureProperties.PosMsec));
        }
    }

    // ffmpeg decodes in a child process and pipes YUV4MPEG2 (the network cameras' path); the file: prefix keeps a
    // colon in a file name from reading as a protocol. A picture that ends the stream early reads as the file's end.
    private IEnumerable<(Mat Picture, double Millis)> FfmpegPictures(CancellationToken cancellation)
    {
        FfmpegConnection connection;
        try { connection = FfmpegConnection.Open("file:" + Path.GetFullPath(_path), _ffmpeg, recordedFile: true); }
        catch (StreamUnreachableException ex) { throw new LfrInputException($"{FileKind.Show(_path)}: ffmpeg cannot decode it: {ex.Message}"); }
        using var _ = connection;
        DecoderProcessId = connection.ProcessId;
        using var stop = cancellation.Register(connection.Kill);
        double? fps = connection.Format.Fps;
        long n = 0;
        while (!cancellation.IsCancellationRequested && connection.ReadPicture(_pictures) is { } bgr)
            yield return (bgr, fps is { } f ? 1000.0 * n++ / f : 0);
    }

    public void Dispose()
    {
        _capture?.Dispose();
        _pictures.Dispose();
    }
}
