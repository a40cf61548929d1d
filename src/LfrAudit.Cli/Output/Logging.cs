using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace LfrAudit.Cli.Output;

/// <summary>
/// Serilog, configured from the global options. Log events carry ids, counts and scores; they never carry
/// pixels, embeddings or anything about a face that did not alert.
/// </summary>
internal static class Logging
{
    public static Logger Create(ParseResult p, TextWriter error)
    {
        var level = p.ValueOf(GlobalOptions.LogLevel)?.ToLowerInvariant() switch
        {
            "verbose" => LogEventLevel.Verbose,
            "debug" => LogEventLevel.Debug,
            "information" or "info" => LogEventLevel.Information,
            "error" => LogEventLevel.Error,
            _ => LogEventLevel.Warning,
        };
        var config = new LoggerConfiguration().MinimumLevel.Verbose().Enrich.WithProperty("app", "lfr");
        var formatter = p.ValueOf(GlobalOptions.LogJson)
            ? (Serilog.Formatting.ITextFormatter)new CompactJsonFormatter()
            : new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        config = config.WriteTo.Sink(new TextWriterSink(error, formatter), level);
        if (p.ValueOf(GlobalOptions.LogFile) is { Length: > 0 } file)
        {
            // A FIFO or device would block or swallow the log: only a regular file (new or existing) will do.
            TextFiles.RequireName(file, "log file");
            var kind = FileKind.Of(file);
            if (kind is not (FileKindOf.Missing or FileKindOf.Regular))
                throw new LfrInputException($"--log-file {FileKind.Show(file)}: is {FileKind.Describe(kind)}, not a regular file");
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null && !Directory.Exists(dir))
                throw new LfrInputException($"--log-file {FileKind.Show(file)}: its folder does not exist");
            config = config.WriteTo.File(new CompactJsonFormatter(), file, restrictedToMinimumLevel: LogEventLevel.Information);
        }
        return config.CreateLogger();
    }
}
