using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Governance.Accounts;

/// <summary>What a named user of the console may do.</summary>
public enum Role
{
    /// <summary>Sees alerts with their evidence, adjudicates them, records engagement outcomes.</summary>
    Operator,
    /// <summary>Watches deployments and alerts (without evidence images); decides nothing.</summary>
    Supervisor,
    /// <summary>A member of the independent advisory group: reads and verifies the audit log and the reports, changes nothing.</summary>
    Reviewer,
}

/// <summary>A role as commands, pages and the audit log write it.</summary>
public static class Roles
{
    /// <summary>The role in lower case, as typed, stored and logged: "operator", "supervisor", "reviewer".</summary>
    public static string Name(this Role r) => r.ToString().ToLowerInvariant();

    /// <summary>A role as typed, in any case ("iag" means reviewer); an unknown role is refused, naming it.</summary>
    public static Role Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "operator" => Role.Operator,
        "supervisor" => Role.Supervisor,
        "reviewer" or "iag" or "iag-reviewer" => Role.Reviewer,
        _ => throw new LfrInputException($"role '{SafeText.Escape(text)}' is not known: operator, supervisor or reviewer"),
    };
}
