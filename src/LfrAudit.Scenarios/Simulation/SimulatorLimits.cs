namespace LfrAudit.Scenarios.Simulation;

/// <summary>
/// What the simulator does not model, said plainly wherever a simulated figure is shown (the programme report,
/// docs/simulator-calibration.md): a tester should read a simulated rate knowing what its footage leaves out.
/// </summary>
public static class SimulatorLimits
{
    /// <summary>One sentence per condition the simulated footage does not have.</summary>
    public static readonly IReadOnlyList<string> NotModelled =
    [
        "Heads are photographs: a head turn is a squeeze of a frontal photo, not a turned head; no expression changes within a walk; no one looks down at a phone; one photo per walk.",
        "Bodies are drawn shapes in proportion to the face, arms and legs swinging with the stride: no clothing texture, bags or moving hair; bodies hide faces only by who is nearer.",
        "The ground is a flat floor set by eye for each scene (its horizon and how far below it near faces are): no steps, slopes or kerbs, and people converge on the frame's centre line whatever the scene's own vanishing point.",
        "Light is a brightness per walker, the scene's brightness where they stand and a slow drift over the scene: no directional light across a face, backlight, night, infra-red or glare on glasses; a shadow is a soft patch at the feet.",
        "The camera is fixed and perfect apart from noise, motion blur and MJPG compression: no H.264 motion artefacts, exposure or white-balance hunting, lens distortion, rolling shutter, rain or fog.",
        "The crowd walks straight towards the camera one by one: no groups, no one stopping or turning back, no hats, hoods or masks beyond a covered part of the face.",
        "The real footage the simulator is calibrated against is television and web video of public figures (YouTube Faces), not street CCTV: the calibration matches what footage costs recognition, not any one camera.",
    ];
}
