using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Stores;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LfrAudit.Web.Security;

/// <summary>
/// Signed-in sessions held by the console, the cookie carrying only a random key to one. A cookie on its own proves
/// nothing: signing out removes the session, so a copy of the cookie kept from before is worth nothing after, and a
/// user's sessions can all be ended at once (disabled, removed, a new password). Held in memory: a console restarted
/// asks everyone to sign in again, which is the safe way round. Bounded, so signing in over and over cannot fill memory.
/// Idleness is real time elapsed (a monotonic count), whatever clock the store records by: a session is a person at a
/// browser, even when the console serves a simulated programme.
/// </summary>
internal sealed class ConsoleSessions(TimeSpan idleLimit) : ITicketStore
{
    /// <summary>More sessions than a force's crews could hold open; beyond it the longest-idle are ended first.</summary>
    public const int MaxSessions = 10_000;

    /// <summary>One user's sessions at most (browsers, tabs that signed in again); beyond it their longest-idle ends, so
    /// no one user can push everyone else's sessions out.</summary>
    public const int MaxSessionsPerUser = 20;

    /// <summary>
    /// The session's key, given to its principal at sign-in: the cookie handler keeps the key it stores under to itself
    /// (the principal it hands on is the one stored), so the key is the principal's own, and a request can name it.
    /// </summary>
    public const string SessionClaim = "lfr:session";

    public static System.Security.Claims.Claim NewSessionClaim() => new(SessionClaim, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>
    /// Which password the session was begun with, as the user's row dates it (when it was last changed; "as added" if never):
    /// a new password dates the row anew, so every session begun before it no longer matches and ends. Held with the session,
    /// never sent to the browser.
    /// </summary>
    public const string PasswordClaim = "lfr:password";

    public static System.Security.Claims.Claim PasswordClaimOf(UserAccount user) => new(PasswordClaim, PasswordStamp(user));

    private static string PasswordStamp(UserAccount user) =>
        user.PasswordChangedAt is { } at ? at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "as added";

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    private sealed record Session(AuthenticationTicket Ticket, long LastUsed)
    {
        public string? User => Ticket.Principal.Identity?.Name;
    }

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        Sweep();
        var user = ticket.Principal.Identity?.Name;
        foreach (var (old, _) in _sessions.Where(s => s.Value.User == user).OrderBy(s => s.Value.LastUsed).SkipLast(MaxSessionsPerUser - 1).ToList())
            _sessions.TryRemove(old, out _);
        var key = ticket.Principal.FindFirst(SessionClaim)?.Value ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _sessions[key] = new Session(ticket, Stopwatch.GetTimestamp());
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        // Only a session still held is renewed: one removed meanwhile (signed out) stays removed.
        if (_sessions.TryGetValue(key, out var held)) _sessions.TryUpdate(key, new Session(ticket, Stopwatch.GetTimestamp()), held);
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!_sessions.TryGetValue(key, out var session)) return Task.FromResult<AuthenticationTicket?>(null);
        if (Stopwatch.GetElapsedTime(session.LastUsed) > idleLimit)
        {
            _sessions.TryRemove(key, out _);
            return Task.FromResult<AuthenticationTicket?>(null);
        }
        _sessions.TryUpdate(key, session with { LastUsed = Stopwatch.GetTimestamp() }, session);
        return Task.FromResult<AuthenticationTicket?>(session.Ticket);
    }

    public Task RemoveAsync(string key)
    {
        _sessions.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether a request's session is still held and still its user's to use (<see cref="StillAllowed"/>): a long-lived
    /// answer (the alert stream) asks this as it goes, since the check at its start does not see a sign-out, a disabling
    /// or a new password after it.
    /// </summary>
    public bool StillOpen(System.Security.Claims.ClaimsPrincipal principal, IStore store)
    {
        var key = principal.FindFirst(SessionClaim)?.Value;
        return key is not null && _sessions.TryGetValue(key, out var session) && Stopwatch.GetElapsedTime(session.LastUsed) <= idleLimit
            && StillUsable(principal, store);
    }

    /// <summary>
    /// The session's user as the store holds them now — another process (lfr users disable, password, remove) changes them,
    /// so nothing held in memory is trusted: one lookup by the users table's key — still registered with the session's role,
    /// active, and with the password the session was begun with. A user no longer active has every session ended at once.
    /// </summary>
    private bool StillUsable(System.Security.Claims.ClaimsPrincipal principal, IStore store)
    {
        var name = principal.Identity?.Name;
        if (name is null || store.Users.Find(name) is not { } user) return false;
        if (!user.IsActive)
        {
            EndAllOf(user.Name);
            return false;
        }
        return Roles.Name(user.Role) == principal.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value
            && principal.FindFirst(PasswordClaim)?.Value == PasswordStamp(user);
    }

    /// <summary>Ends every session of a user (names compared as sign-in compares them: exactly).</summary>
    public int EndAllOf(string user)
    {
        int ended = 0;
        foreach (var (key, session) in _sessions)
            if (string.Equals(session.User, user, StringComparison.Ordinal) && _sessions.TryRemove(key, out _)) ended++;
        return ended;
    }

    /// <summary>
    /// Each request's session is still its user's to use: the user is still registered, with the role the session was
    /// given, neither disabled nor removed, and has not been given a new password since it began. Otherwise they are signed
    /// out at that request — an API answers 401, a page sends the browser to sign in — wherever they signed in.
    /// </summary>
    public Func<CookieValidatePrincipalContext, Task> StillAllowed(IStore store) => async context =>
    {
        if (context.Principal is { } principal && StillUsable(principal, store)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
    };

    private void Sweep()
    {
        foreach (var (key, session) in _sessions)
            if (Stopwatch.GetElapsedTime(session.LastUsed) > idleLimit) _sessions.TryRemove(key, out _);
        if (_sessions.Count < MaxSessions) return;
        foreach (var (key, _) in _sessions.OrderBy(s => s.Value.LastUsed).Take(_sessions.Count - MaxSessions + 1))
            _sessions.TryRemove(key, out _);
    }
}
