namespace LfrAudit.Vision.Synthesis;

/// <summary>
/// How crowd footage looks: its size and rate, how large faces are far away and close up, and the camera's
/// faults — sensor noise (standard deviation in grey levels), compression (the quality, 1-100, of OpenCV's own MJPEG
/// writer, whose scale is not libjpeg's: 15 gives about 34 dB PSNR on a noisy 720p scene, what FFmpeg's fixed MJPEG
/// setting gave before the writer changed and what a libjpeg quality of 70 gives), the shutter
/// (fraction of a frame's time it is open: motion blur) and the light drifting over the clip (clouds). The shutter's 0.24
/// (1/42 s at 10 fps) is calibrated: at it, simulated walk-pasts cost recognition what real clips of the same people
/// do (<c>lfr evaluate simulator</c>; docs/simulator-calibration.md). Where the scene's floor is sets where people walk:
/// <paramref name="Horizon"/> is the height in the frame (0 the top, 1 the bottom) where the floor vanishes, the eye
/// line faces converge on far away; <paramref name="Descent"/> how far below it a face at the near end is, as a fraction
/// of the frame's height (a camera above head height looks down on people coming closer; about 0 at head height).
/// </summary>
public sealed record CrowdLook(int Width, int Height, double Fps, int Frames,
    double FarFaceHeight = 20, double NearFaceHeight = 150,
    double NoiseSigma = 4, int Quality = 15, double Shutter = 0.24,
    double LightSwing = 0.15, double LightPeriodSeconds = 20,
    double Horizon = CrowdLook.DefaultHorizon, double Descent = CrowdLook.DefaultDescent)
{
    /// <summary>The ground of a scene that says none: a camera a little above head height over a floor that starts about halfway down.</summary>
    public const double DefaultHorizon = 0.30, DefaultDescent = 0.40;

    /// <summary>The largest horizon plus descent: a near face's centre stays inside the frame.</summary>
    public const double LowestNearFace = 0.95;

    /// <summary>What is wrong with the ground (<see cref="Horizon"/>, <see cref="Descent"/>), or null if nothing.</summary>
    public static string? GroundProblem(double horizon, double descent)
    {
        static string Show(double x) => x.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!double.IsFinite(horizon) || horizon is < 0 or > 0.9) return $"horizon {Show(horizon)} is not a height in the frame from 0 (top) to 0.9";
        if (!double.IsFinite(descent) || descent is < 0 or > 0.6) return $"descent {Show(descent)} is not between 0 and 0.6 of the frame's height";
        // 0.9 + 0.05 is 0.95 to the one who wrote it, not 0.9500000000000001.
        return horizon + descent > LowestNearFace + 1e-9
            ? $"horizon {Show(horizon)} plus descent {Show(descent)} puts a near face's centre below the frame (at most {Show(LowestNearFace)})"
            : null;
    }

    /// <summary>Face height in pixels at a fraction of the walk: people walk at a steady pace, so height grows as 1 / distance.</summary>
    public double FaceHeightAt(double progress) => 1.0 / ((1 - progress) / FarFaceHeight + progress / NearFaceHeight);

    /// <summary>Scene brightness at a frame (1 = as filmed).</summary>
    public double LightAt(int frame) => 1 + LightSwing * Math.Sin(2 * Math.PI * frame / Fps / LightPeriodSeconds);
}
