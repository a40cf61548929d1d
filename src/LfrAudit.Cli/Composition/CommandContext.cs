using LfrAudit.Application.Audit;
using LfrAudit.Application.Stores;
using LfrAudit.Cli.Configuration;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Stores;
using LfrAudit.Vision.Catalogue;
using Serilog;

namespace LfrAudit.Cli.Composition;

/// <summary>What a command's action gets: its parsed options, where to write, a logger and the clock.</summary>
internal sealed class CommandContext(ParseResult parse, CliOutput output, ILogger log, TimeProvider clock, CancellationToken cancellation)
{
    public ParseResult Parse { get; } = parse;
    public CliOutput Output { get; } = output;
    public ILogger Log { get; } = log;
    public TimeProvider Clock { get; } = clock;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>True when --now set the clock: a simulation, whose destructive steps are only ever explicit.</summary>
    public bool ClockIsSimulated => Clock.IsSimulation();

    /// <summary>What a change made by this command came through, for the log: the machine and the operating-system account.</summary>
    public string Via => $"lfr on {SafeText.Escape(Environment.MachineName)} as {SafeText.Escape(Environment.UserName)}";

    public T? Get<T>(Option<T> option) => Parse.ValueOf(option);
    public T? Get<T>(Argument<T> argument) => Parse.ValueOf(argument);

    private LfrConfiguration? _configuration;

    /// <summary>The force's settings (lfr.yaml and its environment variables), read and checked once, when first needed.</summary>
    public LfrConfiguration Configuration => _configuration ??= LfrConfiguration.From(ConfigurationLocation.Find(Require(GlobalOptions.Config)), Environment.GetEnvironmentVariable);

    /// <summary>What documents are published with: the force's name, legal basis, contact and the site's address.</summary>
    public Publishing.Documents.PublicationSettings Publication => Configuration.Publication;

    public ModelDirectory Models => ModelDirectory.Resolve(SharedOptions.Value(Require(GlobalOptions.Models), GlobalOptions.Models));

    /// <summary>The store this command works on (--store / --db) and the site it records for (--site).</summary>
    public StoreTarget Store => StoreTarget.Resolve(Require(GlobalOptions.Database));

    /// <summary>
    /// The parse, once it is certain this command takes <paramref name="option"/>: using what a command did not declare
    /// (<see cref="Uses"/>) is a fault of ours — its help would hide the option and a user could not give it.
    /// </summary>
    public ParseResult Require(Option option) => Takes(Parse, option) ? Parse
        : throw new InvalidOperationException($"'{Parse.CommandResult.Command.Name}' uses {option.Name} without taking it: declare it in the command's Uses");

    /// <summary>Whether the command parsed takes <paramref name="option"/>, by name (its own, or a recursive one of a command above it).</summary>
    public static bool Takes(ParseResult parse, Option option)
    {
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            if (r.Command.Options.Any(o => o.Name == option.Name && (r == parse.CommandResult || o.Recursive))) return true;
        return false;
    }

    /// <summary>Opens the store for a command that only reads: read-only, so reading can never change it.</summary>
    public IStore OpenForReading() => Stores.Open(Store, Clock, StoreAccess.Read);

    /// <summary>Opens the store to record, without the upkeep of <see cref="OpenDatabase"/> (a command that does its own).</summary>
    public IStore OpenForWriting() => Stores.Open(Store, Clock, StoreAccess.Write);

    /// <summary>A command that appends to the audit log leaves a signed tree head behind when it closes the store, if it has the key.</summary>
    public void SignHeadsOf(IStore db)
    {
        if (AuditKeyOption.Locate(this, Store) is { } keyPath) db.TreeHeadSigner = AuditKeys.LoadPrivate(keyPath);
        else Log.Debug("No audit signing key: tree heads are not signed (lfr audit keygen)");
    }

    /// <summary>
    /// Opens the store for a command that records something. First it puts the store in order: a recovery tree
    /// head for entries an interrupted command left unsigned, runs whose process died closed as interrupted,
    /// and — on the real clock only — evidence past its retention time deleted, so retention does not wait for
    /// someone to remember a purge. With --now, deletion happens only when asked for ('lfr retention enforce').
    /// </summary>
    public IStore OpenDatabase()
    {
        var db = OpenForWriting();
        try
        {
            SignHeadsOf(db);
            var upkeep = StoreUpkeep.Run(db, db.TreeHeadSigner);
            if (upkeep.RecoveryHead is { } head)
                Log.Warning("Audit log had {Unsigned} entries no tree head covered (a command was interrupted); signed a recovery head of size {Size}", upkeep.UnsignedEntries, head.TreeSize);
            foreach (var run in upkeep.InterruptedRuns)
                Log.Warning("Run {Run} was interrupted (its process is gone); closed with the {Faces} faces seen it had recorded", run.Run, run.FacesSeen);
            foreach (var purge in upkeep.Purges)
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
