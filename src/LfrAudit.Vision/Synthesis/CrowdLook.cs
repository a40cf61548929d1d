namespace LfrAudit.Vision.Synthesis;

/// <summary>
/// How crowd footage looks: its size and rate, how large faces are far away and close up, and the camera's
/// faults — sensor noise (standard deviation in grey levels), compression (the quality, 1-100, of OpenCV's own MJPEG
/// writer, whose scale is not libjpeg's: 15 gives about 34 dB PSNR on a noisy 720p scene, what FFmpeg's fixed MJPEG
/// setting gave before the writer changed and what a libjpeg quality of 70 gives), the shutter
/// (fraction of a frame's time it is open: motion blur) and the light drifting over the clip (clouds). The shutter's 0.24
/// (1/42 s at 10 fps) is calibrated: at it, simulated walk-pasts cost recognition what real clips of the same people
/// do (<c>lfr evaluate simulator</c>; docs/simulator-calibration.md).
/// </summary>
public sealed record CrowdLook(int Width, int Height, double Fps, int Frames,
    double FarFaceHeight = 20, double NearFaceHeight = 150,
    double NoiseSigma = 4, int Quality = 15, double Shutter = 0.24,
    double LightSwing = 0.15, double LightPeriodSeconds = 20)
{
    /// <summary>Face height in pixels at a fraction of the walk: people walk at a steady pace, so height grows as 1 / distance.</summary>
    public double FaceHeightAt(double progress) => 1.0 / ((1 - progress) / FarFaceHeight + progress / NearFaceHeight);

    /// <summary>Scene brightness at a frame (1 = as filmed).</summary>
    public double LightAt(int frame) => 1 + LightSwing * Math.Sin(2 * Math.PI * frame / Fps / LightPeriodSeconds);
}
