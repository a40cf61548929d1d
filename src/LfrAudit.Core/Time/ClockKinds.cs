namespace LfrAudit.Core.Time;

/// <summary>Which clock dated a record: real time, or a simulation clock (the demo, the simulator, --now).</summary>
public enum ClockKind
{
    /// <summary>The system clock, or a test's stand-in for it.</summary>
    Real,
    /// <summary>A <see cref="SimulationClock"/>, moved on by the demo, the simulator or <c>--now</c>.</summary>
    Simulation,
}

/// <summary>Telling a simulated clock from a real one, so every record says which dated it.</summary>
public static class ClockKinds
{
    /// <summary>Only a <see cref="SimulationClock"/> is a simulation; anything else (the system clock, a test's fake) dates records as real.</summary>
    public static ClockKind KindOf(this TimeProvider clock) => clock is SimulationClock ? ClockKind.Simulation : ClockKind.Real;

    /// <summary>Whether the clock is a <see cref="SimulationClock"/>.</summary>
    public static bool IsSimulation(this TimeProvider clock) => clock is SimulationClock;
}
