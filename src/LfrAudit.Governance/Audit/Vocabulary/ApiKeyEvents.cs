using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>
/// An API key issued to a client system: its id, the client, the role it acts with (a supervisor's or a reviewer's), who
/// issued it (a registered supervisor), through what, when. Never the secret or its hash.
/// </summary>
public sealed record ApiKeyIssued(string Key, string Client, string Role, string By, DateTimeOffset At, string Via) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "apikey.issued";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new() { ["key"] = Key, ["client"] = Client, ["role"] = Role, ["by"] = By, ["at"] = EventJson.Time(At), ["via"] = Via };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static ApiKeyIssued Read(EventFields f) => new(f.String("key"), f.String("client"), f.String("role"), f.String("by"), f.Time("at"), f.String("via"));
}

/// <summary>An API key revoked, for good: its id, the client it was issued to, who revoked it (a registered supervisor), through what, when.</summary>
public sealed record ApiKeyRevoked(string Key, string Client, string By, DateTimeOffset At, string Via) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "apikey.revoked";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new() { ["key"] = Key, ["client"] = Client, ["by"] = By, ["at"] = EventJson.Time(At), ["via"] = Via };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static ApiKeyRevoked Read(EventFields f) => new(f.String("key"), f.String("client"), f.String("by"), f.Time("at"), f.String("via"));
}
