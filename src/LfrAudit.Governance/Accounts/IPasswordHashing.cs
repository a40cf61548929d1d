namespace LfrAudit.Governance.Accounts;

/// <summary>Slow, salted password hashing from a well-kept library (the web adapter uses ASP.NET Core Identity's hasher).</summary>
public interface IPasswordHashing
{
    /// <summary>The salted, slow hash of a new password: what the user store keeps, never the password.</summary>
    string Hash(string userName, string password);
    /// <summary>Whether <paramref name="password"/> is the one <paramref name="hash"/> was made from.</summary>
    bool Verify(string userName, string hash, string password);
}
