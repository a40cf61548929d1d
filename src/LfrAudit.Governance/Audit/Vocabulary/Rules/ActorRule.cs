using LfrAudit.Governance.Accounts;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// Who made a change is a registered user whose role allows it (<see cref="Permissions"/>), as the product checks before
/// it makes the change (<c>Actors.Require</c>): an operator decides and records outcomes; a supervisor plans, publishes,
/// starts, ends, cancels, changes thresholds, authorises overrides, assigns operators, disables, enables, removes and gives
/// new passwords to users, and issues and revokes API keys. "Registered" means added by an earlier entry of this log, and not disabled or removed at that point. Two kinds of genuine entry name no one: a deployment step with no <c>by</c> at all (the command allows it,
/// and older versions never named anyone), and every step of a log that has registered no user yet — one written before
/// users existed, or a central store's site whose users were added in another site's log — where a name cannot be
/// checked, only that it is not empty.
/// </summary>
internal sealed class ActorRule : ILogRule
{
    public void Check(AuditEntry entry, IAuditEvent e, LogSoFar before, Action<string> problem)
    {
        foreach (var (field, by, permission) in ActorsOf(e))
            if (by is not null && Problem(by, permission, before, field) is { } why) problem(why);
    }

    /// <summary>What is wrong with <paramref name="by"/> making a change that needs <paramref name="permission"/>, or null.</summary>
    public static string? Problem(string by, Permission permission, LogSoFar before, string field = "by")
    {
        if (by.Trim().Length == 0) return $"'{field}' is empty: {Permissions.WhoMay(permission)} must {Permissions.Describe(permission)} under their own name";
        if (before.Users.Count == 0) return null;
        if (before.User(by) is not { } user)
            return $"'{field}' '{Shown.Text(by)}' is not a registered user at this point of the log (no earlier user.added names them)";
        if (user.Inactive is { } inactive) return $"'{field}' '{Shown.Text(by)}' {inactive}";
        if (user.Role is not { } role)
            return $"'{field}' '{Shown.Text(by)}' was added with a role the product does not have (entry {user.AddedAt}): only {Permissions.WhoMay(permission)} may {Permissions.Describe(permission)}";
        return role.Allows(permission) ? null
            : $"'{field}' '{Shown.Text(by)}' is {(role == Role.Operator ? "an" : "a")} {role.Name()}: only {Permissions.WhoMay(permission)} may {Permissions.Describe(permission)}";
    }

    private static IEnumerable<(string Field, string? By, Permission Permission)> ActorsOf(IAuditEvent e) => e switch
    {
        AlertAdjudicated x => [("by", x.By, Permission.Adjudicate)],
        EngagementRecorded x => [("by", x.By, Permission.RecordOutcome)],
        DeploymentPlanned x => [("by", x.By, Permission.RunDeployments)],
        NoticePublished x => [("by", x.By, Permission.RunDeployments)],
        DeploymentStarted x => [("by", x.By, Permission.RunDeployments), ("urgent_override.by", x.UrgentOverride?.By, Permission.OverrideNotice)],
        DeploymentEnded x => [("by", x.By, Permission.RunDeployments)],
        DeploymentCancelled x => [("by", x.By, Permission.RunDeployments)],
        OutcomePublished x => [("by", x.By, Permission.RunDeployments)],
        ThresholdChanged x => [("by", x.By, Permission.ChangeThreshold)],
        OperatorAssigned x => [("by", x.By, Permission.AssignOperators)],
        OperatorUnassigned x => [("by", x.By, Permission.AssignOperators)],
        IUserChange x => [("by", x.By, Permission.AddUsers)],
        ApiKeyIssued x => [("by", x.By, Permission.IssueApiKeys)],
        ApiKeyRevoked x => [("by", x.By, Permission.IssueApiKeys)],
        _ => [],
    };
}
