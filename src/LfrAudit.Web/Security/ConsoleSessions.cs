using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
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
public sealed class ConsoleSessions(TimeSpan idleLimit) : ITicketStore
{
    /// <summary>More sessions than a force's crews could hold open; beyond it the longest-idle are ended first.</summary>
    public const int MaxSessions = 10_000;

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    private sealed record Session(AuthenticationTicket Ticket, long LastUsed)
    {
        public string? User => Ticket.Principal.Identity?.Name;
    }

    public int Count => _sessions.Count;

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        Sweep();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _sessions[key] = new Session(ticket, Stopwatch.GetTimestamp());
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        if (_sessions.ContainsKey(key)) _sessions[key] = new Session(ticket, Stopwatch.GetTimestamp());
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
        _sessions[key] = session with { LastUsed = Stopwatch.GetTimestamp() };
        return Task.FromResult<AuthenticationTicket?>(session.Ticket);
    }

    public Task RemoveAsync(string key)
    {
        _sessions.TryRemove(key, out _);
        return Task.CompletedTask;
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
    /// given. A user removed or given another role is signed out at their next request, wherever they signed in.
    /// </summary>
    public static Func<CookieValidatePrincipalContext, Task> StillAllowed(Core.Ports.IStore store) => async context =>
    {
        var name = context.Principal?.Identity?.Name;
        var role = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value;
        if (name is not null && store.Users.Find(name) is { } user && Core.Accounts.Roles.Name(user.Role) == role) return;
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
