using LfrAudit.Core.Accounts;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Application.Accounts;

/// <summary>How a sign-in went: the user on success; otherwise why, in words safe to show (never which of name or password was wrong).</summary>
public sealed record SignInResult(UserAccount? User, string? Refusal)
{
    public bool Succeeded => User is not null;
}

/// <summary>The console's users: adding one (by an administrator at the command line) and signing in, every attempt audited.</summary>
public sealed class AccountService(IStore store, IPasswordHashing hashing, SignInThrottle throttle, IClock clock)
{
    public const int MinPasswordLength = 12;

    public UserAccount Add(string name, Role role, string password, string by)
    {
        UserAccount.RequireValidName(name);
        if (password.Length < MinPasswordLength)
            throw new LfrInputException($"the password for '{name}' is too short: use {MinPasswordLength} characters or more");
        var user = new UserAccount(name, role, hashing.Hash(name, password), clock.UtcNow, by);
        store.Users.Add(user);
        return user;
    }

    public IReadOnlyList<UserAccount> List() => store.Users.List();

    public SignInResult SignIn(string name, string password, string from)
    {
        const string wrong = "the name or password is not right";
        var shownName = name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') ? name : "(not a user name)";
        if (throttle.IsLocked(shownName, from))
        {
            store.Users.RecordSignIn(new SignInAttempt(shownName, false, from, clock.UtcNow));
            return new SignInResult(null, "too many failed attempts: wait 15 minutes and try again");
        }
        var user = shownName == name ? store.Users.Find(name) : null;
        bool ok = user is not null && hashing.Verify(user.Name, user.PasswordHash, password);
        store.Users.RecordSignIn(new SignInAttempt(shownName, ok, from, clock.UtcNow));
        if (!ok)
        {
            throttle.Failed(shownName, from);
            return new SignInResult(null, wrong);
        }
        throttle.Succeeded(name);
        return new SignInResult(user, null);
    }
}
