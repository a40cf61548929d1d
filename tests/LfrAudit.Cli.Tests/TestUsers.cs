using LfrAudit.Application.Accounts;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Postgres;
using LfrAudit.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The registered users tests act as: every decision, outcome, threshold change, override and publication must name one
/// with the right role. Registered straight into a store at a given time, each with a password (never used: they are not
/// scripted users, who may act only on a simulation clock, so they act on the real clock and on --now alike).
/// </summary>
public static class TestUsers
{
    public const string Supervisor = "sup-1", Operator = "op-1", SecondOperator = "op-2", Reviewer = "iag-1";

    private static readonly (string Name, Role Role)[] Everyone =
        [(Supervisor, Role.Supervisor), (Operator, Role.Operator), (SecondOperator, Role.Operator), (Reviewer, Role.Reviewer)];

    /// <summary>Registers the test users in an SQLite store, recorded at <paramref name="at"/> (default: the real clock).</summary>
    public static void In(string db, DateTimeOffset? at = null)
    {
        using var store = SqliteDatabase.Open(db, new FakeTimeProvider(at ?? Testing.TestTimeline.RealNow));
        // Signed like any command's entries when the store's key is beside it, so no later command finds them unsigned.
        var key = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(db))!, Application.Audit.AuditKeys.PrivateFile);
        if (File.Exists(key)) store.TreeHeadSigner = Application.Audit.AuditKeys.LoadPrivate(key);
        Register(store);
    }

    /// <summary>Registers the test users for a site of a central store.</summary>
    public static void InCentral(string connection, string site, DateTimeOffset? at = null)
    {
        using var store = PostgresDatabase.Open(connection, new FakeTimeProvider(at ?? Testing.TestTimeline.RealNow), StoreAccess.Write, new SiteId(site));
        Register(store);
    }

    private static void Register(IStore store)
    {
        var accounts = new AccountService(store, new Testing.TestPasswordHashing(), new SignInThrottle(store.Clock));
        foreach (var (name, role) in Everyone)
            if (store.Users.Find(name) is null) accounts.Add(name, role, Testing.TestPasswordHashing.Password, name == Supervisor ? "test set-up" : Supervisor, "tests");
    }
}
