using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Time;

/// <summary>
/// The times LfrAudit accepts. Every time a person types lies in 2000-2099 (no deployment, expiry or
/// simulation is meant outside it, and calendar arithmetic near year 1 or 9999 overflows). The simulation
/// clock may run at most two years ahead of the real one: far enough for a programme of deployments,
/// not so far that one typo dates the store's audit log a decade ahead (a store's log never goes back in time).
/// </summary>
public static class TimeBounds
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan SimulationLead = TimeSpan.FromDays(2 * 365);

    public static bool Contains(DateTimeOffset t) => t >= Earliest && t < Latest;

    public static DateTimeOffset Require(DateTimeOffset t, string what, string text) => Contains(t) ? t : throw OutOfRange(what, text);

    public static LfrInputException OutOfRange(string what, string text) =>
        new($"{what} '{text}' is outside the years LfrAudit accepts (2000 to 2099)");

    public static DateTimeOffset RequireSimulation(DateTimeOffset t, DateTimeOffset realNow, string what, string text)
    {
        Require(t, what, text);
        if (t > realNow + SimulationLead)
            throw new LfrInputException($"{what} '{text}' is more than 2 years ahead of the real clock ({realNow.UtcDateTime:yyyy-MM-dd}): the simulation clock may not run that far ahead");
        return t;
    }
}
