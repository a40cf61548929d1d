namespace LfrAudit.Core.Identifiers;

public readonly record struct AlertId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct RunId(string Value)
{
    public static RunId New(DateTimeOffset at) =>
        new($"run-{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}");
    public override string ToString() => Value;
}
