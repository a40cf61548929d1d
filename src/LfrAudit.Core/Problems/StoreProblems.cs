namespace LfrAudit.Core.Problems;

/// <summary>
/// The store cannot be used by this command right now, through no fault in what was typed: another process
/// holds its lock, it is read-only, or it already holds records dated after this command's clock.
/// Nothing was changed.
/// </summary>
public class StoreUnavailableException(string message, Exception? inner = null) : LfrInputException(message, inner);

/// <summary>
/// The store's audit log only moves forward in time: a command whose clock reads earlier than the latest entry
/// or signed tree head already recorded is refused, naming both times.
/// </summary>
public sealed class StoreClockBehindException(DateTimeOffset clock, DateTimeOffset latest, string store)
    : StoreUnavailableException(
        $"{store}: this command's clock reads {Iso(clock)} but the store already holds records dated {Iso(latest)}; "
        + $"a store's audit log never goes back in time: use a clock at {Iso(latest)} or later, or another store")
{
    /// <summary>What this command's clock read.</summary>
    public DateTimeOffset Clock { get; } = clock;
    /// <summary>The latest time the store's log already holds (an entry or a signed tree head).</summary>
    public DateTimeOffset Latest { get; } = latest;

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Reading found no store where one was named: nothing has been recorded there yet (and nothing was created).</summary>
public sealed class NoStoreHereException(string message) : LfrInputException(message);
