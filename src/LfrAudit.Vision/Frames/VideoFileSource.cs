using System.Globalization;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;
using OpenCvSharp;

namespace LfrAudit.Vision.Frames;

/// <summary>
/// A recorded video file, read at the pipeline's pace. A file that cannot be opened or yields no frame is an
/// error; one that ends before its header's frame count (truncated, corrupt tail) is read as far as it goes
/// and the shortfall is reported as a warning.
/// </summary>
public sealed class VideoFileSource : IFrameSource
{
    private readonly VideoCapture _capture;
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

    public VideoFileSource(string path)
    {
        _path = path;
        Core.Inputs.FileKind.RequireRegularFile(path, "video file");
        if (new FileInfo(path).Length == 0) throw new LfrInputException($"{Core.Inputs.FileKind.Show(path)}: video file is empty");
        OpenCvLog.Quiet();
        _capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG);
        if (!_capture.IsOpened())
        {
            _capture.Dispose();
            throw new LfrInputException($"{Core.Inputs.FileKind.Show(path)}: cannot open as a video (corrupt, truncated or not a video format FFmpeg reads)");
        }
        double fps = _capture.Get(VideoCaptureProperties.Fps);
        NominalFps = fps > 0 && double.IsFinite(fps) ? fps : null;
        Width = (int)_capture.Get(VideoCaptureProperties.FrameWidth);
        Height = (int)_capture.Get(VideoCaptureProperties.FrameHeight);
        _declaredFrames = (long)Math.Max(0, _capture.Get(VideoCaptureProperties.FrameCount));
        Description = $"video {Path.GetFileName(path)}";
    }

    public IEnumerable<IFrame> ReadFrames(CancellationToken cancellation)
    {
        long index = 0;
        while (!cancellation.IsCancellationRequested)
        {
            var mat = new Mat();
            bool ok;
            try { ok = _capture.Read(mat) && !mat.Empty(); }
            catch (OpenCVException) { ok = false; }
            if (!ok) { mat.Dispose(); break; }
            var offset = NominalFps is { } f ? TimeSpan.FromSeconds(index / f) : TimeSpan.FromMilliseconds(_capture.Get(VideoCaptureProperties.PosMsec));
            yield return new MatFrame(mat, index++, offset);
        }
        if (cancellation.IsCancellationRequested) yield break;
        if (index == 0)
            throw new LfrInputException($"{_path}: no frame could be decoded (corrupt or truncated video)");
        // Container frame counts are estimates for some formats; only a clear shortfall is worth a warning.
        if (_declaredFrames > 0 && index < _declaredFrames * 0.98 - 1)
            _warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{_path}: video ended after {index} of {_declaredFrames} frames (truncated or corrupt); the frames read were processed"));
    }

    public void Dispose() => _capture.Dispose();
}
