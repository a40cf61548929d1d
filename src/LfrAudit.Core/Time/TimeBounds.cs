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
    /// <summary>The first instant accepted: 2000-01-01 UTC.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>The first instant no longer accepted: 2100-01-01 UTC.</summary>
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>How far ahead of the real clock a simulation clock may be set: two years.</summary>
    public static readonly TimeSpan SimulationLead = TimeSpan.FromDays(2 * 365);

    /// <summary>Whether the time lies in 2000-2099.</summary>
    public static bool Contains(DateTimeOffset t) => t >= Earliest && t < Latest;

    /// <summary>The time, if it lies in 2000-2099; otherwise <see cref="OutOfRange"/>, naming <paramref name="what"/> and the <paramref name="text"/> typed.</summary>
    public static DateTimeOffset Require(DateTimeOffset t, string what, string text) => Contains(t) ? t : throw OutOfRange(what, text);

    /// <summary>The one-line problem for a time outside 2000-2099.</summary>
    public static LfrInputException OutOfRange(string what, string text) =>
        new($"{what} '{text}' is outside the years LfrAudit accepts (2000 to 2099)");

    /// <summary>A simulation clock's start: in 2000-2099 and no more than <see cref="SimulationLead"/> ahead of <paramref name="realNow"/>.</summary>
    public static DateTimeOffset RequireSimulation(DateTimeOffset t, DateTimeOffset realNow, string what, string text)
    {
        Require(t, what, text);
        if (t > realNow + SimulationLead)
            throw new LfrInputException($"{what} '{text}' is more than 2 years ahead of the real clock ({realNow.UtcDateTime:yyyy-MM-dd}): the simulation clock may not run that far ahead");
        return t;
    }
}
