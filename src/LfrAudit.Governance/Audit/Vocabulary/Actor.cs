namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>
/// Who did something the log records: a registered user's name (checked against the users and their roles before the
/// change is made), and through what — "lfr on HOST as OS-USER" from the command line, "console from ADDRESS" in the
/// browser — so a decision can be traced to a person and a machine.
/// </summary>
public sealed record Actor(string Name, string? Via)
{
    /// <summary>The name, with through what in brackets when known: as reports show who acted.</summary>
    public override string ToString() => Via is null ? Name : $"{Name} ({Via})";
}
