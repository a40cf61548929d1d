using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace LfrAudit.Cli.Output;

/// <summary>Writes log events to the command's own error writer (stderr, or a test's capture).</summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
