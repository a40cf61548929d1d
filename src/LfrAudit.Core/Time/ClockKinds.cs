namespace LfrAudit.Core.Time;

/// <summary>Which clock dated a record: real time, or a simulation clock (the demo, the simulator, --now).</summary>
public enum ClockKind { Real, Simulation }

public static class ClockKinds
{
    /// <summary>Only a <see cref="SimulationClock"/> is a simulation; anything else (the system clock, a test's fake) dates records as real.</summary>
    public static ClockKind KindOf(this TimeProvider clock) => clock is SimulationClock ? ClockKind.Simulation : ClockKind.Real;

    public static bool IsSimulation(this TimeProvider clock) => clock is SimulationClock;
}
