
namespace LfrAudit.Cli.Options;

/// <summary>
/// Options several commands share. The log options apply to every command (recursive from the root); each of the others is
/// added to a command that uses what it names (<see cref="Uses"/>), so a command's help shows only what applies to it.
/// </summary>
internal static class GlobalOptions
{
    public static Option<string?> Models => new("--models")
    {
        Description = "Folder with the ONNX model files (else $LFR_MODELS_DIR, else ./models)",
    };

    public static Option<string?> Database => new("--db")
    {
        Description = "The SQLite store (else $LFR_DB, else ./lfraudit.db)",
    };

    public static Option<string?> Store => new("--store")
    {
        Description = "A force's central PostgreSQL store, as a connection string (else $LFR_STORE; without either, the SQLite file of --db)",
    };

    public static Option<string?> Site => new("--site")
    {
        Description = "The site this machine records for, e.g. van-2 (else $LFR_SITE; else the SQLite file's own site, or this machine's name in a central store)",
    };

    public static Option<string?> Config => new("--config")
    {
        Description = "The force's settings file (else $LFR_CONFIG, else lfr.yaml beside the store): see docs/configuration.md",
    };

    public static Option<string> LogLevel => new("--log-level")
    {
        Description = "Least severe log event written to stderr: verbose, debug, information, warning, error",
        DefaultValueFactory = _ => "warning",
        Recursive = true,
    };

    public static Option<bool> LogJson => new("--log-json")
    {
        Description = "Write log events to stderr as JSON lines (compact Serilog format)",
        Recursive = true,
    };

    public static Option<string?> LogFile => new("--log-file")
    {
        Description = "Also write log events, as JSON lines, to this file",
        Recursive = true,
    };

    public static Option<string?> Now => new("--now")
    {
        Description = "Simulation clock: act as if it were this time (ISO 8601, e.g. 2026-12-10T10:00:00Z)",
    };

    public static string DatabasePath(ParseResult p) =>
        SharedOptions.Value(p, Database) is { } db ? db
        : Environment.GetEnvironmentVariable("LFR_DB") is { Length: > 0 } env ? env
        : "lfraudit.db";
}
