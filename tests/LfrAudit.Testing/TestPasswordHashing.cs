using LfrAudit.Governance.Accounts;

namespace LfrAudit.Testing;

/// <summary>
/// A password hasher for tests that register users who hold a password (so they are not scripted users and may act on
/// the real clock) without paying for a slow hash. No password ever verifies: tests that sign in use the real hasher.
/// </summary>
public sealed class TestPasswordHashing : IPasswordHashing
{
    public const string Password = "a test password nobody signs in with";

    public string Hash(string userName, string password) => $"test-hash:{userName}";

    public bool Verify(string userName, string hash, string password) => false;
}
