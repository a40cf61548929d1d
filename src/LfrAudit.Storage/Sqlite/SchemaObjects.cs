using System.Collections.Concurrent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Storage.Sqlite;

/// <summary>
/// A store holds exactly the tables and indexes our migrations create for its version, and nothing else: a trigger
/// planted in the file (one that turns every confirm into a reject, or deletes evidence on insert) would run inside
/// our own transactions, unseen by the audit log. Such a store is refused before anything is read or written.
/// </summary>
internal static class SchemaObjects
{
    private static readonly ConcurrentDictionary<long, HashSet<(string Type, string Name)>> Expected = new();

    public static void RequireOnlyOurs(SqliteConnection connection, string shown, long version)
    {
        var ours = Expected.GetOrAdd(version, Create);
        var foreign = List(connection).Where(o => !ours.Contains(o)).ToList();
        if (foreign.Count == 0) return;
        var named = string.Join(", ", foreign.Take(3).Select(o => $"{o.Type} '{SafeText.Escape(o.Name)}'"));
        throw new LfrInputException($"{shown}: holds {foreign.Count} schema object(s) LfrAudit did not create ({named}{(foreign.Count > 3 ? ", …" : "")}); "
            + "a trigger or view there could change records unseen by the audit log, so the store is not opened; left untouched");
    }

    // What our own migrations make of an empty database, at that version: the only objects a genuine store holds.
    private static HashSet<(string, string)> Create(long version)
    {
        using var memory = new SqliteConnection("Data Source=:memory:");
        memory.Open();
        SqliteDatabase.Migrate(memory, SiteId.Local, (int)version);
        return [.. List(memory)];
    }

    private static List<(string Type, string Name)> List(SqliteConnection connection)
    {
        using var c = connection.CreateCommand();
        c.CommandText = "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'";
        using var r = c.ExecuteReader();
        var all = new List<(string, string)>();
        while (r.Read()) all.Add((r.GetString(0), r.GetString(1)));
        return all;
    }
}
