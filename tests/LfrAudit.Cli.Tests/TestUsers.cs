using LfrAudit.Application.Accounts;
using LfrAudit.Core.Accounts;
using LfrAudit.Storage.Postgres;
using LfrAudit.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The registered users tests act as: every decision, outcome, threshold change, override and publication must name one
/// with the right role. Registered straight into a store (as a scripted scenario registers its users), at a given time.
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
        foreach (var (name, role) in Everyone) ScriptedUsers.Ensure(store, name, role, "test set-up", "tests");
    }

    /// <summary>Registers the test users for a site of a central store.</summary>
    public static void InCentral(string connection, string site, DateTimeOffset? at = null)
    {
        using var store = PostgresDatabase.Open(connection, new FakeTimeProvider(at ?? Testing.TestTimeline.RealNow), Core.Ports.StoreAccess.Write, new Core.Domain.SiteId(site));
        foreach (var (name, role) in Everyone) ScriptedUsers.Ensure(store, name, role, "test set-up", "tests");
    }
}
