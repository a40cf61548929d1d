using LfrAudit.Core.Accounts;
using LfrAudit.Core.Audit.Vocabulary;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Application.Accounts;

/// <summary>How a sign-in went: the user on success; otherwise why, in words safe to show (never which of name or password was wrong).</summary>
public sealed record SignInResult(UserAccount? User, string? Refusal)
{
    public bool Succeeded => User is not null;
}

/// <summary>The console's users: adding one (by an administrator at the command line) and signing in, every attempt audited.</summary>
public sealed class AccountService(IStore store, IPasswordHashing hashing, SignInThrottle throttle)
{
    private TimeProvider Clock => store.Clock;

    public const int MinPasswordLength = 12;

    /// <summary>
    /// Adds a user, by a registered supervisor. Until a store has a supervisor there is no one to vouch for a new user, so
    /// the adder is recorded as named, with <paramref name="via"/> (the machine and account it was run from); from the
    /// first supervisor on, only a supervisor adds users.
    /// </summary>
    public UserAccount Add(string name, Role role, string password, string by, string? via = null)
    {
        UserAccount.RequireValidName(name);
        UserNames.RequireFree(store, name);
        if (password.Length < MinPasswordLength)
            throw new LfrInputException($"the password for '{name}' is too short: use {MinPasswordLength} characters or more");
        var adder = store.Users.List().Any(u => u.Role == Role.Supervisor && u.PasswordHash != ScriptedUsers.NoPassword)
            ? Actors.Require(store, by, Permission.AddUsers, via) : new Actor(PlainName(by), via);
        var user = new UserAccount(name, role, hashing.Hash(name, password), Clock.GetUtcNow(), adder.Name);
        using var work = store.BeginUnitOfWork();
        store.Users.Add(user);
        work.Raise(new UserAdded(user.Name, user.Role.Name(), adder.Name, user.CreatedAt, adder.Via));
        work.Commit();
        return user;
    }

    // The first user's adder is not a user: still one line of plain text in the log.
    private static string PlainName(string by)
    {
        var trimmed = by.Trim();
        if (trimmed.Length is 0 or > 64 || Core.Inputs.SafeText.HasControlCharacters(trimmed))
            throw new InvalidValueException(InputField.UserName, by, "name who is adding the first user: 1 to 64 characters of plain text");
        return trimmed;
    }

    private void RecordSignIn(SignInAttempt a)
    {
        using var work = store.BeginUnitOfWork();
        work.Raise(new SignInRecorded(a.Succeeded, a.Name, a.From, a.At));
        work.Commit();
    }

    public IReadOnlyList<UserAccount> List() => store.Users.List();

    public SignInResult SignIn(string name, string password, string from)
    {
        const string wrong = "the name or password is not right";
        var shownName = name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') ? name : "(not a user name)";
        if (throttle.IsLocked(shownName, from))
        {
            RecordSignIn(new SignInAttempt(shownName, false, from, Clock.GetUtcNow()));
            return new SignInResult(null, "too many failed attempts: wait 15 minutes and try again");
        }
        var user = shownName == name ? store.Users.Find(name) : null;
        bool ok = user is not null && hashing.Verify(user.Name, user.PasswordHash, password);
        RecordSignIn(new SignInAttempt(shownName, ok, from, Clock.GetUtcNow()));
        if (!ok)
        {
            throttle.Failed(shownName, from);
            return new SignInResult(null, wrong);
        }
        throttle.Succeeded(name);
        return new SignInResult(user, null);
    }
}
