namespace LfrAudit.Governance.Accounts;

/// <summary>What a change the log records needs of the registered user who makes it.</summary>
public enum Permission
{
    /// <summary>Confirm, reject or mark unsure an alert.</summary>
    Adjudicate,
    /// <summary>Record what officers did about a confirmed match.</summary>
    RecordOutcome,
    /// <summary>Plan, start, end or cancel a deployment; publish its notice and outcome report.</summary>
    RunDeployments,
    /// <summary>Change a deployment's threshold.</summary>
    ChangeThreshold,
    /// <summary>Start a deployment without a timely notice (an urgent override).</summary>
    OverrideNotice,
    /// <summary>Assign an operator to a deployment, or take them off it: an operator works only the alerts of their deployments.</summary>
    AssignOperators,
    /// <summary>Add a user, and manage users: disable, enable, remove, give a new password.</summary>
    AddUsers,
    /// <summary>Issue an API key to another force system, or revoke one.</summary>
    IssueApiKeys,
}

/// <summary>Which role holds each permission, and how a refusal names it.</summary>
public static class Permissions
{
    /// <summary>Operators decide on alerts and record outcomes; supervisors run deployments and manage users; reviewers change nothing.</summary>
    public static bool Allows(this Role role, Permission p) => p switch
    {
        Permission.Adjudicate or Permission.RecordOutcome => role == Role.Operator,
        _ => role == Role.Supervisor,
    };

    /// <summary>For messages: "an operator", "a supervisor".</summary>
    public static string WhoMay(Permission p) => p is Permission.Adjudicate or Permission.RecordOutcome ? "an operator" : "a supervisor";

    /// <summary>For messages: what the permission lets a user do, e.g. "decide on alerts".</summary>
    public static string Describe(Permission p) => p switch
    {
        Permission.Adjudicate => "decide on alerts",
        Permission.RecordOutcome => "record engagement outcomes",
        Permission.RunDeployments => "plan, start, end and publish deployments",
        Permission.ChangeThreshold => "change a deployment's threshold",
        Permission.OverrideNotice => "authorise an urgent override",
        Permission.AssignOperators => "assign operators to deployments",
        Permission.IssueApiKeys => "issue and revoke API keys",
        _ => "add users and manage them",
    };
}
