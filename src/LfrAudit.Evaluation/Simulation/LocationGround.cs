namespace LfrAudit.Evaluation.Simulation;

/// <summary>
/// Where a location's scene has its floor, so that the crowd walks on it and not up a wall: <paramref name="Horizon"/>
/// is the height in the frame (0 the top, 1 the bottom) where the floor vanishes, the eye line faces converge on far
/// away; <paramref name="Descent"/> how far below it a face at the near end is, as a fraction of the frame's height (a
/// camera above head height looks down on people coming closer; about 0 at head height). Set by eye from the scene.
/// </summary>
public sealed record LocationGround(double Horizon, double Descent)
{
    /// <summary>A scene that says nothing: a camera a little above head height over a floor that starts about halfway down.</summary>
    public static readonly LocationGround Default = new(0.30, 0.40);

    /// <summary>The lowest a near face's centre may be (horizon plus descent): inside the frame.</summary>
    public const double LowestNearFace = 0.95;
}
