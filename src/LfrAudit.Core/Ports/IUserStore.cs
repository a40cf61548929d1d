using LfrAudit.Core.Accounts;

namespace LfrAudit.Core.Ports;

/// <summary>The console's users. Each change and each sign-in attempt is an audit entry in the same transaction.</summary>
public interface IUserStore
{
    /// <summary>Adds a user; a name already taken is refused.</summary>
    void Add(UserAccount user);

    UserAccount? Find(string name);

    IReadOnlyList<UserAccount> List();

    /// <summary>Records a sign-in attempt, successful or not, in the audit log.</summary>
    void RecordSignIn(SignInAttempt attempt);
}
