using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Frames;

namespace LfrAudit.Measurement.Pipeline;

/// <summary>
/// A clip played several times over as one long recording, so that a short clip can show the pipeline's steady
/// state: what it allocates and collects once everything is warm.
/// </summary>
internal static class ReplayedClip
{
    /// <summary>
    /// The clip repeated as one file (ffmpeg copies its packets <paramref name="times"/> over into
    /// <paramref name="folder"/>: one decoder for the whole run, as a long recording has); without ffmpeg, the clip
    /// once (the figures then say how few frames they cover).
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
        return new VideoFileSource(path);
    }
}
