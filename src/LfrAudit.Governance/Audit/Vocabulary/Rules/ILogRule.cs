namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// One thing a genuine log always holds, checked entry by entry: given an entry read as its event and what the entries
/// before it established (<see cref="LogSoFar"/>), it reports each way the entry could not have been written by the
/// product, one short line each (the caller adds which entry). A rule never changes what is known; it never throws.
/// </summary>
internal interface ILogRule
{
    void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem);
}

/// <summary>The rules a log's contents are held to, in the order their problems are reported for one entry.</summary>
internal static class LogRules
{
    public static IReadOnlyList<ILogRule> All { get; } =
    [
        new ValuesRule(),
        new TimeRule(),
        new UserRule(),
        new ActorRule(),
        new SignInRule(),
        new UserChangeRule(),
        new ApiKeyRule(),
        new DeploymentRule(),
        new NoticeRule(),
        new RunRule(),
        new AlertRule(),
        new ScoreRule(),
        new PurgeRule(),
        new AssignmentRule(),
        new ScopeRule(),
        new EvidenceRule(),
    ];
}
