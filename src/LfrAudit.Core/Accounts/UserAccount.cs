using LfrAudit.Core.Domain;

namespace LfrAudit.Core.Accounts;

/// <summary>A named user of the console: their role, and their password only as a salted, slow hash.</summary>
public sealed record UserAccount(string Name, Role Role, string PasswordHash, DateTimeOffset CreatedAt, string CreatedBy)
{
    /// <summary>The password hash of a user no one can sign in as (the demo's and the simulator's scripted users).</summary>
    public const string NoPassword = "!";

    /// <summary>A user name: 2–64 letters, digits, dots, hyphens or underscores (it appears in the audit log and on pages).</summary>
    public static bool IsPlainName(string name) => name.Length is >= 2 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    public static string RequireValidName(string name)
    {
        if (!IsPlainName(name))
            throw new InvalidValueException(InputField.UserName, name, "use 2 to 64 letters, digits, dots, hyphens or underscores");
        return name;
    }
}

/// <summary>A sign-in attempt as the audit log records it: who, whether it succeeded, from where.</summary>
public sealed record SignInAttempt(string Name, bool Succeeded, string From, DateTimeOffset At);
