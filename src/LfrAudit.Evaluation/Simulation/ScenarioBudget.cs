using System.Globalization;

namespace LfrAudit.Evaluation.Simulation;

/// <summary>
/// How much footage one scenario may ask for. Each value in range on its own (4K, 60 fps, an hour, eight cameras) can
/// still multiply into hundreds of gigabytes and days of work: the product is checked per camera and for the whole
/// programme before anything runs, and a refusal gives the estimate beside the limit.
/// </summary>
internal static class ScenarioBudget
{
    /// <summary>An hour at 10 fps; about 40 minutes of 1080p at 15 fps.</summary>
    public const long MaxFramesPerCamera = 36_000;
    public const double MaxPixelsPerCamera = 40e9;
    public const long MaxFrames = 1_000_000;
    public const double MaxBytes = 20e9;
    public static readonly TimeSpan MaxTime = TimeSpan.FromHours(12);

    /// <summary>A problem with one camera's footage (null: within the limits).</summary>
    public static string? PerCameraProblem(ScenarioFootage f)
    {
        var e = FootageEstimate.Of(f);
        if (e.Frames <= MaxFramesPerCamera && e.Pixels <= MaxPixelsPerCamera) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{f.Width}x{f.Height} at {f.Fps:0.##} fps for {f.Minutes:0.##} min is {e.Frames:N0} frames ({FootageEstimate.Gigapixels(e.Pixels)}, about {FootageEstimate.Gigabytes(e.Bytes)} and {FootageEstimate.Duration(e.Time)} of work) per camera; "
            + $"the limit is {MaxFramesPerCamera:N0} frames and {FootageEstimate.Gigapixels(MaxPixelsPerCamera)} per camera (fewer minutes, a lower rate or a smaller frame)");
    }

    /// <summary>A problem with the whole programme's footage (null: within the limits).</summary>
    public static string? ProgrammeProblem(ScenarioFootage f, IReadOnlyCollection<ScenarioDeployment> deployments)
    {
        long cameras = deployments.Sum(d => (long)d.Cameras);
        var e = FootageEstimate.Of(f).Times(cameras);
        if (e.Frames <= MaxFrames && e.Bytes <= MaxBytes && e.Time <= MaxTime) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{deployments.Count:N0} deployments with {cameras:N0} cameras in all film {e.Frames:N0} frames ({FootageEstimate.Gigapixels(e.Pixels)}): about {FootageEstimate.Gigabytes(e.Bytes)} and {FootageEstimate.Duration(e.Time)} of work; "
            + $"the limit for a programme is {MaxFrames:N0} frames, {FootageEstimate.Gigabytes(MaxBytes)} and {FootageEstimate.Duration(MaxTime)} (fewer deployments or cameras, or less footage per camera)");
    }
}
