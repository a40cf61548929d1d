namespace LfrAudit.Cli.Options;

/// <summary>
/// What a command works with, and so which of the shared options it takes and its help shows: a command that reads no
/// store has no --db, one that loads no model has no --models. The log options apply to every command.
/// </summary>
[Flags]
internal enum Uses
{
    /// <summary>Only its own options (and the log options every command has).</summary>
    Nothing = 0,

    /// <summary>--now: the command records, or judges, by the time (every command on a store does).</summary>
    Clock = 1,

    /// <summary>--db, --store and --site (and --now): the store it works on and the site it records for.</summary>
    Store = 2,

    /// <summary>--audit-key: the command signs the log's tree heads, or exports or checks with the store's key.</summary>
    AuditKey = 4,

    /// <summary>--models: the command loads, verifies or fetches the ONNX models.</summary>
    Models = 8,

    /// <summary>--config: the force's settings (lfr.yaml, found beside the store, so with the store's options).</summary>
    Settings = 16,
}

/// <summary>
/// The shared options each use brings, in the order help lists them. <see cref="GlobalOptions"/> makes a fresh one for
/// each command (see <see cref="SymbolValues"/>), and a value is read by the option's name from the command that was parsed.
/// </summary>
internal static class SharedOptions
{
    public static IEnumerable<Option> For(Uses uses) => OptionsOf(uses);

    /// <summary>
    /// The value given for a shared option (named by the option) to the command parsed: null when it was not given, or
    /// when the command does not take it.
    /// </summary>
    public static string? Value(ParseResult parse, Option<string?> option) =>
        CommandContext.Takes(parse, option) ? parse.ValueOf(option) : null;

    private static IEnumerable<Option<string?>> OptionsOf(Uses uses)
    {
        if (uses.HasFlag(Uses.Store) || uses.HasFlag(Uses.Settings) || uses.HasFlag(Uses.AuditKey))
        {
            yield return GlobalOptions.Database;
            yield return GlobalOptions.Store;
            yield return GlobalOptions.Site;
        }
        if (uses.HasFlag(Uses.AuditKey)) yield return AuditKeyOption.Option;
        if (uses.HasFlag(Uses.Settings)) yield return GlobalOptions.Config;
        if (uses.HasFlag(Uses.Models)) yield return GlobalOptions.Models;
        if (uses.HasFlag(Uses.Clock) || uses.HasFlag(Uses.Store) || uses.HasFlag(Uses.AuditKey)) yield return GlobalOptions.Now;
    }

    /// <summary>Every shared option but the log options, for a message that says an option belongs to other commands.</summary>
    public static IReadOnlyList<Option> All { get; } = [.. OptionsOf(Uses.Store | Uses.AuditKey | Uses.Settings | Uses.Models)];

    /// <summary>What a shared option is about, in a few words, for that message.</summary>
    /// <remarks>By name: each tree has its own option objects (<see cref="SymbolValues"/>).</remarks>
    public static string Subject(Option option) =>
        option.Name == GlobalOptions.Models.Name ? "loads no model"
        : option.Name == AuditKeyOption.Option.Name ? "uses no audit signing key"
        : option.Name == GlobalOptions.Config.Name ? "reads no force settings"
        : option.Name == GlobalOptions.Now.Name ? "takes no simulation clock"
        : "works on no store";
}
