namespace LfrAudit.Governance.Accounts;

/// <summary>Where a user stands: active; disabled (by a supervisor, until enabled); removed (final, the name kept).</summary>
public enum UserStatus
{
    /// <summary>May sign in and act (as their role allows).</summary>
    Active,
    /// <summary>Disabled by a supervisor: may not sign in or act until a supervisor enables them again.</summary>
    Disabled,
    /// <summary>Removed by a supervisor: final; the row and the name stay, so the name is never reused.</summary>
    Removed,
}

/// <summary>A user's standing as commands and pages write it.</summary>
public static class UserStatuses
{
    /// <summary>The standing in lower case, as listed: "active", "disabled", "removed".</summary>
    public static string Name(this UserStatus s) => s.ToString().ToLowerInvariant();
}
