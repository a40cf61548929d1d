using LfrAudit.Application.Audit;
using LfrAudit.Testing;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>A store with a watchlist, a run and alerts in it, made once by the demo for every class of a collection
/// (<see cref="SeededCollection"/>, and the timing collection); a test that changes a store works on a copy (<see cref="CopyInto"/>).</summary>
public sealed class SeededStore : IDisposable
{
    private readonly TempDir _dir = new();
    public string Path { get; }

    public SeededStore()
    {
        var result = Lfr.Run(Lfr.WithModels("demo", "--out", _dir.Path, "--datasets", SharedData.DatasetsDir)).GetAwaiter().GetResult();
        if (result.Exit != 0) throw new InvalidOperationException(result.ToString());
        Path = _dir["demo.db"];
        TestUsers.In(Path); // the registered users the tests decide and publish as
        LatestRecord = LatestRecordIn(Path);
        Timeline = TestTimeline.After(LatestRecord);
    }

    /// <summary>The latest time the demo's audit log holds: a command on a copy of this store must run at or after it.</summary>
    public DateTimeOffset LatestRecord { get; }

    /// <summary>Dates for driving a copy of this store: weeks after its latest record, whatever day the demo ran on.</summary>
    public TestTimeline Timeline { get; }

    internal static DateTimeOffset LatestRecordIn(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT canonical FROM audit_entries UNION ALL SELECT json_object('at', timestamp) FROM audit_tree_heads";
        var latest = DateTimeOffset.MinValue;
        using var r = cmd.ExecuteReader();
        while (r.Read())
            if (System.Text.Json.Nodes.JsonNode.Parse(r.GetString(0))?["at"]?.GetValue<string>() is { } at
                && DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) is var t && t > latest)
                latest = t;
        return latest;
    }

    /// <summary>A copy of the demo's store in <paramref name="dir"/>, with the demo's signing key beside it so writing commands sign heads.</summary>
    public string CopyInto(TempDir dir, string name = "store.db")
    {
        var db = dir[name];
        File.Copy(Path, db, overwrite: true);
        File.Copy(System.IO.Path.Combine(_dir.Path, AuditKeys.PrivateFile), dir[AuditKeys.PrivateFile], overwrite: true);
        File.Copy(System.IO.Path.Combine(_dir.Path, AuditKeys.PublicFile), dir[AuditKeys.PublicFile], overwrite: true); // the IAG's copy, as handed over
        return db;
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// The classes that share one demo store. They run one after another (a collection is serial), beside the other
/// collections: one demo run for all of them instead of one per class. None of them changes the store itself: each
/// reads it (footage evaluation, its clip and export) or works on a copy.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SeededCollection : ICollectionFixture<SeededStore>
{
    public const string Name = "seeded";
}
