namespace LfrAudit.Governance.Accounts;

/// <summary>Where a user stands: active; disabled (by a supervisor, until enabled); removed (final, the name kept).</summary>
public enum UserStatus { Active, Disabled, Removed }

public static class UserStatuses
{
    public static string Name(this UserStatus s) => s.ToString().ToLowerInvariant();
}
