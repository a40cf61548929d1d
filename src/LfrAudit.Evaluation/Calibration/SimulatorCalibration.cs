using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Calibration;

/// <summary>
/// Whether simulated footage costs recognition what real footage does, measured on the same people: the share of
/// their appearances found in simulated walk-pasts and in real clips, each over the share of their still photos found
/// (the footage-to-stills ratio of TPIR), and the share of appearances that drew a wrong alert on each (FPIR per
/// appearance). The simulator is calibrated when its ratio is within <paramref name="Tolerance"/> of the real one.
/// </summary>
/// <param name="Threshold">The operating threshold every figure was measured at.</param>
/// <param name="Stills">The people's still photos (not enrolled) found for the right entry.</param>
/// <param name="RealTpir">Their appearances in real clips found for the right entry.</param>
/// <param name="SimulatedTpir">Their appearances in simulated walk-pasts found for the right entry.</param>
/// <param name="RealFalse">Real clips' appearances that drew a wrong alert.</param>
/// <param name="SimulatedFalse">Simulated appearances (watchlisted people and strangers) that drew a wrong alert.</param>
/// <param name="Tolerance">How far apart the two ratios may be (0.10: issue 28's bound).</param>
public sealed record SimulatorCalibration(double Threshold, Proportion Stills, Proportion RealTpir, Proportion SimulatedTpir,
    Proportion RealFalse, Proportion SimulatedFalse, double Tolerance = 0.10)
{
    /// <summary>Real footage's TPIR over the stills'.</summary>
    public RateRatio RealRatio => new(RealTpir, Stills);

    /// <summary>Simulated footage's TPIR over the stills'.</summary>
    public RateRatio SimulatedRatio => new(SimulatedTpir, Stills);

    /// <summary>Simulated ratio less the real one: negative when the simulator costs recognition more than real footage does.</summary>
    public double? Gap => SimulatedRatio.Value is { } s && RealRatio.Value is { } r ? s - r : null;

    /// <summary>Whether the two ratios are within the tolerance (false when either cannot be measured).</summary>
    public bool Calibrated => Gap is { } g && Math.Abs(g) <= Tolerance;
}
