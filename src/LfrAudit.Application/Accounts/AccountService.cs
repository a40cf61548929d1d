using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Accounts;

/// <summary>How a sign-in went: the user on success; otherwise why, in words safe to show (never which of name or password was wrong).</summary>
public sealed record SignInResult(UserAccount? User, string? Refusal)
{
    /// <summary>The user is signed in.</summary>
    public bool Succeeded => User is not null;
}

/// <summary>The console's users: adding one (by an administrator at the command line) and signing in, every attempt audited.</summary>
public sealed class AccountService(IStore store, IPasswordHashing hashing, SignInThrottle throttle)
{
    private TimeProvider Clock => store.Clock;

    /// <summary>The shortest password a console user may set.</summary>
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
        RequireStrongEnough(name, password);
        var adder = store.Users.List().Any(u => u.Role == Role.Supervisor && !ScriptedUsers.IsScripted(u))
            ? Actors.Require(store, by, Permission.AddUsers, via) : new Actor(PlainName(by), via);
        var user = new UserAccount(name, role, hashing.Hash(name, password), Clock.GetUtcNow(), adder.Name);
        using var work = store.BeginUnitOfWork();
        store.Users.Add(user);
        work.Raise(new UserAdded(user.Name, user.Role.Name(), adder.Name, user.CreatedAt, adder.Via));
        work.Commit();
        return user;
    }

    /// <summary>What every password must be, whether a user is added with it or given it later.</summary>
    public static void RequireStrongEnough(string name, string password)
    {
        if (password.Length < MinPasswordLength)
            throw new LfrInputException($"the password for '{name}' is too short: use {MinPasswordLength} characters or more");
    }

    // The first user's adder is not a user: still one line of plain text in the log.
    private static string PlainName(string by)
    {
        var trimmed = by.Trim();
        if (trimmed.Length is 0 or > 64 || SafeText.HasControlCharacters(trimmed))
            throw new InvalidValueException(InputField.UserName, by, "name who is adding the first user: 1 to 64 characters of plain text");
        return trimmed;
    }

    private void RecordSignIn(SignInAttempt a)
    {
        using var work = store.BeginUnitOfWork();
        work.Raise(new SignInRecorded(a.Succeeded, a.Name, a.From, a.At));
        work.Commit();
    }

    /// <summary>Every console user, enabled or not.</summary>
    public IReadOnlyList<UserAccount> List() => store.Users.List();

    /// <summary>
    /// Checks a sign-in and records it; a user disabled or removed never signs in, refused as a wrong password is. Three
    /// things an attacker at the form must not get: which names exist (a refusal takes as long for an unknown name as for a
    /// known one — the password is checked against a stand-in hash — and says the same words); a place to write into the
    /// append-only log (a name that is no user's is recorded only as a short hash of what was typed, since people type
    /// passwords into the name field, and while an address or a name is locked out only its first refusal is recorded); and
    /// unlimited guesses (<see cref="SignInThrottle"/>).
    /// </summary>
    public SignInResult SignIn(string name, string password, string from)
    {
        const string wrong = "the name or password is not right";
        var user = UserAccount.IsPlainName(name) ? store.Users.Find(name) : null;
        var recorded = user is not null ? user.Name : UnknownName(name);
        if (!throttle.TryAttempt(recorded, from))
        {
            if (throttle.FirstRefusalWhileLocked(recorded, from)) RecordSignIn(new SignInAttempt(recorded, false, from, Clock.GetUtcNow()));
            return new SignInResult(null, "too many failed attempts: wait 15 minutes and try again");
        }
        bool ok = false;
        // A user disabled or removed is refused exactly as a wrong password is: the same words, the same work, recorded the same way.
        if (user is { IsActive: true } && !ScriptedUsers.IsScripted(user)) ok = hashing.Verify(user.Name, user.PasswordHash, password);
        else _ = hashing.Verify(StandIn.Name, StandIn.Hash, password); // the same work as a real check, never a success
        RecordSignIn(new SignInAttempt(recorded, ok, from, Clock.GetUtcNow()));
        if (!ok) return new SignInResult(null, wrong);
        throttle.Succeeded(recorded, from);
        return new SignInResult(user, null);
    }

    /// <summary>
    /// What the log records for a name that is no user's: 32 bits of an HMAC of it under a key this service made and never
    /// keeps — enough to see one name tried again and again while it runs; nothing anyone can test guesses against later
    /// (a plain hash of a password typed into the name field is found from a word list in a millisecond).
    /// </summary>
    public string UnknownName(string typed) =>
        $"unknown name #{Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(_unknownNameKey, System.Text.Encoding.UTF8.GetBytes(typed)))[..8]}";

    private readonly byte[] _unknownNameKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    // A hash of a random password, made once, to check unknown names against.
    private (string Name, string Hash) StandIn => _standIn ??= ("no user", hashing.Hash("no user", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));
    private (string Name, string Hash)? _standIn;
}
