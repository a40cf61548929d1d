using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Storage.Postgres;

namespace LfrAudit.Cli.Options;

/// <summary>
/// Which store a command works on, as the user chose it: a force's central PostgreSQL store (--store or
/// $LFR_STORE, a connection string) or, without either, the embedded SQLite file (--db, $LFR_DB, ./lfraudit.db);
/// and the site it records for (--site or $LFR_SITE; an SQLite file is its own site's).
/// </summary>
internal sealed record StoreTarget(string Location, bool IsCentral, SiteId? Site)
{
    public static StoreTarget Resolve(ParseResult p)
    {
        var site = SharedOptions.Value(p, GlobalOptions.Site) is { Length: > 0 } s ? SiteId.Parse(s)
            : Environment.GetEnvironmentVariable("LFR_SITE") is { Length: > 0 } env ? SiteId.Parse(env)
            : (SiteId?)null;
        var central = SharedOptions.Value(p, GlobalOptions.Store) is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("LFR_STORE") is { Length: > 0 } fromEnv ? fromEnv
            : null;
        if (central is null) return new StoreTarget(GlobalOptions.DatabasePath(p), IsCentral: false, site);
        if (!PostgresDatabase.IsConnectionString(central))
            throw new LfrInputException("--store: expected a PostgreSQL connection string (Host=…;Database=… or postgresql://…); for an SQLite file use --db");
        return new StoreTarget(central, IsCentral: true, site);
    }

    /// <summary>
    /// For a command that makes a store of its own (the demo, a simulated programme): the central store if one was
    /// chosen, else the SQLite file of --db, else <paramref name="defaultFile"/> ($LFR_DB is not consulted: such a
    /// command never writes into the store a user works in by accident).
    /// </summary>
    public static StoreTarget ForOwnStore(ParseResult p, string defaultFile)
    {
        var target = Resolve(p);
        return target.IsCentral ? target : target with { Location = SharedOptions.Value(p, GlobalOptions.Database) is { Length: > 0 } given ? given : defaultFile };
    }

    /// <summary>How a later command names this store: "--db FILE", or nothing for a central store (it comes from $LFR_STORE or --store).</summary>
    public string AsOption => IsCentral ? "" : $" --db {Location}";

    /// <summary>The store as it may be shown in a message: a path, or a server and database without the password.</summary>
    public string Shown => IsCentral ? Stores.Show(Location) : FileKind.Show(Location);

    /// <summary>Where the audit signing key is looked for when none is named: beside an SQLite file; the current folder for a central store.</summary>
    public string KeyFolder => IsCentral ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(Location))!;
}
