using LfrAudit.Governance.Accounts;
using Microsoft.AspNetCore.Identity;

namespace LfrAudit.Web.Security;

/// <summary>Passwords hashed by ASP.NET Core Identity's hasher (PBKDF2 with HMAC-SHA512, 100,000 iterations, a random salt each).</summary>
public sealed class IdentityPasswordHashing : IPasswordHashing
{
    private readonly PasswordHasher<string> _hasher = new();

    /// <summary>A salted, iterated hash of a console user's password (ASP.NET Core Identity's format), never the password.</summary>
    public string Hash(string userName, string password) => _hasher.HashPassword(userName, password);

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="hash"/> was made from.</summary>
    public bool Verify(string userName, string hash, string password)
    {
        try { return _hasher.VerifyHashedPassword(userName, hash, password) != PasswordVerificationResult.Failed; }
        catch (FormatException) { return false; } // a damaged hash verifies nothing
    }
}
