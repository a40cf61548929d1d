using System.Globalization;

namespace LfrAudit.Evaluation.Simulation;

/// <summary>
/// What filming some footage costs, before any of it is filmed: frames, pixels, the disk its clips take and the time
/// to film, search and evaluate them on this kind of machine. Estimates from the sample programme as measured
/// (README: 9 cameras of 450 frames at 1280×720, each about 3.7 s to film, 3.3 s to search and 3.7 s to evaluate on 2
/// cores; its clips about 0.1 bytes a pixel as MJPG), rounded up.
/// </summary>
public sealed record FootageEstimate(long Frames, double Pixels)
{
    /// <summary>MJPG at the crowd's quality over sensor noise, with a margin over the densest clip measured.</summary>
    public const double BytesPerPixel = 0.15;

    // Per frame whatever its size (detection on a fixed canvas, a frame's bookkeeping), and per pixel (filming, decoding, resizing).
    private const double SecondsPerFrame = 0.006, SecondsPerPixel = 22e-9;

    /// <summary>The footage's size on disk as MJPG.</summary>
    public double Bytes => Pixels * BytesPerPixel;

    /// <summary>How long filming and searching it takes on the reference machine.</summary>
    public TimeSpan Time => TimeSpan.FromSeconds(Frames * SecondsPerFrame + Pixels * SecondsPerPixel);

    /// <summary>The same footage filmed by <paramref name="cameras"/> cameras.</summary>
    public FootageEstimate Times(long cameras) => new(Frames * cameras, Pixels * cameras);

    /// <summary>The footage a scenario's settings ask for, per camera.</summary>
    public static FootageEstimate Of(ScenarioFootage f)
    {
        long frames = (long)Math.Round(f.Minutes * 60 * f.Fps);
        return new FootageEstimate(frames, (double)frames * f.Width * f.Height);
    }

    /// <summary>Pixels in gigapixels, as the budget's refusal says them.</summary>
    public static string Gigapixels(double pixels) => (pixels / 1e9).ToString("#,0.#", CultureInfo.InvariantCulture) + " gigapixels";

    /// <summary>Bytes in gigabytes.</summary>
    public static string Gigabytes(double bytes) => (bytes / 1e9).ToString("#,0.#", CultureInfo.InvariantCulture) + " GB";

    /// <summary>A time in hours or minutes.</summary>
    public static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? t.TotalHours.ToString("#,0.#", CultureInfo.InvariantCulture) + " h"
        : Math.Max(1, Math.Ceiling(t.TotalMinutes)).ToString(CultureInfo.InvariantCulture) + " min";
}
