using System.CommandLine;
using LfrAudit.Core.Ports;
using LfrAudit.Core.Retention;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Vision.Models;
using Serilog;

namespace LfrAudit.Cli.Hosting;

/// <summary>What a command's action gets: its parsed options, where to write, a logger and the clock.</summary>
public sealed class CommandContext(ParseResult parse, CliOutput output, ILogger log, IClock clock, CancellationToken cancellation)
{
    public ParseResult Parse { get; } = parse;
    public CliOutput Output { get; } = output;
    public ILogger Log { get; } = log;
    public IClock Clock { get; } = clock;
    public CancellationToken Cancellation { get; } = cancellation;

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public ModelDirectory Models => ModelDirectory.Resolve(Parse.GetValue(GlobalOptions.Models));

    public string DatabasePath => GlobalOptions.DatabasePath(Parse);

    /// <summary>
    /// Opens the store and, before anything else, enforces retention: evidence past its time is deleted
    /// whenever any command touches the store, not only when someone remembers to run a purge.
    /// </summary>
    public SqliteDatabase OpenDatabase()
    {
        var db = SqliteDatabase.Open(DatabasePath, Clock);
        try
        {
            // A command that appends to the audit log leaves a signed tree head behind when it closes the store.
            if (AuditKeys.Locate(Parse, DatabasePath) is { } keyPath)
            {
                db.TreeHeadSigner = AuditKeys.LoadPrivate(keyPath);
                // A process killed mid-command leaves committed entries no head has signed yet: sign them now.
                var signed = db.Audit.Heads().LastOrDefault()?.TreeSize ?? 0;
                if (db.Audit.Size > signed)
                {
                    var head = db.Audit.IssueTreeHead(db.TreeHeadSigner);
                    Log.Warning("Audit log had {Unsigned} entries no tree head covered (a command was interrupted); signed a recovery head of size {Size}", head.TreeSize - signed, head.TreeSize);
                }
            }
            else Log.Debug("No audit signing key: tree heads are not signed (lfr audit keygen)");
            foreach (var purge in new RetentionEnforcer(new SqliteRetentionStore(db), Clock).Enforce())
                Log.Information("Retention purge {PurgeId}: {Alerts} alerts' evidence deleted ({Reason})", purge.Id, purge.AlertsPurged, purge.Reason);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }
}
