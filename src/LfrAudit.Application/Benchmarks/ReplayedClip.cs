using LfrAudit.Core.Ports;
using LfrAudit.Vision.Frames;

namespace LfrAudit.Application.Benchmarks;

/// <summary>
/// A clip played several times over as one long recording (frame numbers and times run on), so that a short
/// clip can show the pipeline's steady state: what it allocates and collects once everything is warm.
/// </summary>
internal sealed class ReplayedClip(string path, int times) : IFrameSource
{
    /// <summary>
    /// The clip repeated as one file (ffmpeg copies its packets <paramref name="times"/> over into
    /// <paramref name="folder"/>: one decoder for the whole run, as a long recording has), or, without ffmpeg,
    /// the clip opened again for each pass.
    /// </summary>
    public static IFrameSource Open(string path, int times, string folder)
    {
        var joined = Path.Combine(folder, "replayed" + Path.GetExtension(path));
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-v", "error", "-nostdin", "-y", "-stream_loop", $"{times - 1}", "-i", path, "-an", "-c", "copy", joined })
                start.ArgumentList.Add(a);
            using var ffmpeg = System.Diagnostics.Process.Start(start)!;
            ffmpeg.StandardError.ReadToEnd();
            ffmpeg.WaitForExit();
            if (ffmpeg.ExitCode == 0) return new VideoFileSource(joined);
        }
        catch (System.ComponentModel.Win32Exception) { } // no ffmpeg here
        return new ReplayedClip(path, times);
    }

    private readonly List<string> _warnings = [];

    public string Description => $"video {Path.GetFileName(path)} × {times}";
    public bool IsLive => false;
    public double? NominalFps { get; private set; }
    public long? LengthInFrames => null;
    public IReadOnlyList<string> Warnings => _warnings;

    public IEnumerable<IFrame> ReadFrames(CancellationToken cancellation)
    {
        long index = 0;
        var start = TimeSpan.Zero;
        for (int pass = 0; pass < times && !cancellation.IsCancellationRequested; pass++)
        {
            using var clip = new VideoFileSource(path);
            NominalFps = clip.NominalFps;
            var last = TimeSpan.Zero;
            foreach (var frame in clip.ReadFrames(cancellation))
            {
                // The picture moves to a frame numbered on from the passes before; the clip's own frame is let go.
                var image = MatFrame.Pixels(frame);
                last = frame.Offset;
                yield return new MatFrame(image, index++, start + frame.Offset);
            }
            _warnings.AddRange(clip.Warnings);
            start += last + TimeSpan.FromSeconds(1 / (NominalFps ?? 25));
        }
    }

    public void Dispose() { }
}
