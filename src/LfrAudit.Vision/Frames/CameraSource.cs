using System.Diagnostics;
using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Frames;

/// <summary>A local camera (a device index). Frames keep coming at the camera's pace. Network cameras: <see cref="Streams.NetworkCameraSource"/>.</summary>
internal sealed class CameraSource : IFrameSource
{
    private readonly VideoCapture _capture;
    private readonly List<string> _warnings = [];

    public string Description { get; }
    public bool IsLive => true;
    public double? NominalFps { get; }
    public IReadOnlyList<string> Warnings => _warnings;
    public long? LengthInFrames => null;

    public CameraSource(int deviceIndex) : this(new VideoCapture(deviceIndex), $"camera {deviceIndex}") { }

    private CameraSource(VideoCapture capture, string description)
    {
        OpenCvLog.Quiet();
        _capture = capture;
        Description = description;
        if (!_capture.IsOpened())
        {
            _capture.Dispose();
            throw new LfrInputException($"{description}: cannot open (no such device, no permission, or the stream is unreachable)");
        }
        double fps = _capture.Get(VideoCaptureProperties.Fps);
        NominalFps = fps > 0 && double.IsFinite(fps) ? fps : null;
    }

    public IEnumerable<IFrame> ReadFrames(CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        long index = 0;
        int failures = 0;
        while (!cancellation.IsCancellationRequested)
        {
            var mat = new Mat();
            if (!_capture.Read(mat) || mat.Empty())
            {
                mat.Dispose();
                // A live feed can hiccup; a run of failures means it has gone.
                if (++failures >= 50) { _warnings.Add($"{Description}: stopped delivering frames after {index} frames"); yield break; }
                Thread.Sleep(20);
                continue;
            }
            failures = 0;
            yield return new MatFrame(mat, index++, clock.Elapsed);
        }
    }

    public void Dispose() => _capture.Dispose();
}
