using LfrAudit.Core.Problems;

namespace LfrAudit.Governance.Accounts;

/// <summary>
/// A named user of the console: their role, and their password only as a salted, slow hash. A user is never deleted: one
/// disabled or removed keeps their row (a name is registered once, so it is never reused), and a new password is dated, so
/// the sessions begun with the old one end.
/// </summary>
public sealed record UserAccount(string Name, Role Role, string PasswordHash, DateTimeOffset CreatedAt, string CreatedBy)
{
    /// <summary>The password hash of a user no one can sign in as (the demo's and the simulator's scripted users).</summary>
    public const string NoPassword = "!";

    /// <summary>When a supervisor disabled them, while they are disabled (enabling clears it).</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>When a supervisor removed them: final.</summary>
    public DateTimeOffset? RemovedAt { get; init; }

    /// <summary>When their password was last changed (null: the one they were added with).</summary>
    public DateTimeOffset? PasswordChangedAt { get; init; }

    /// <summary>Where they stand now: removed if ever removed, else disabled while disabled, else active.</summary>
    public UserStatus Status => RemovedAt is not null ? UserStatus.Removed : DisabledAt is not null ? UserStatus.Disabled : UserStatus.Active;

    /// <summary>Whether they may act and sign in now: neither disabled nor removed.</summary>
    public bool IsActive => Status == UserStatus.Active;

    /// <summary>A user name: 2–64 letters, digits, dots, hyphens or underscores (it appears in the audit log and on pages).</summary>
    public static bool IsPlainName(string name) => name.Length is >= 2 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>The name, if it is a plain user name (<see cref="IsPlainName"/>); any other is refused.</summary>
    public static string RequireValidName(string name)
    {
        if (!IsPlainName(name))
            throw new InvalidValueException(InputField.UserName, name, "use 2 to 64 letters, digits, dots, hyphens or underscores");
        return name;
    }
}

/// <summary>A sign-in attempt as the audit log records it: who, whether it succeeded, from where.</summary>
public sealed record SignInAttempt(string Name, bool Succeeded, string From, DateTimeOffset At);
