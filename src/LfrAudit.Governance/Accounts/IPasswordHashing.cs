namespace LfrAudit.Governance.Accounts;

/// <summary>Slow, salted password hashing from a well-kept library (the web adapter uses ASP.NET Core Identity's hasher).</summary>
public interface IPasswordHashing
{
    string Hash(string userName, string password);
    bool Verify(string userName, string hash, string password);
}
