namespace LfrAudit.Core.Identifiers;

/// <summary>An alert's number in its store: what an operator, a command or the audit log names it by.</summary>
/// <param name="Value">Given by the store when the alert is recorded; never reused.</param>
public readonly record struct AlertId(long Value)
{
    /// <summary>The number, without grouping: as commands take it back.</summary>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One recognition run: a camera or recorded source searched against one watchlist, from start to end.</summary>
/// <param name="Value">As <see cref="New"/> makes it, or as a store or command gives it back.</param>
public readonly record struct RunId(string Value)
{
    /// <summary>A new run's id: when it started (UTC, to the second) and six random hex digits, so ids sort by time and never collide.</summary>
    public static RunId New(DateTimeOffset at) =>
        new($"run-{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}");

    /// <inheritdoc/>
    public override string ToString() => Value;
}
