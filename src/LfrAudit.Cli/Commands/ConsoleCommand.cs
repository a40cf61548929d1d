using LfrAudit.Web;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr console: the operators' console over the store, until Ctrl+C or SIGTERM.</summary>
internal static class ConsoleCommand
{
    internal const string DefaultListen = "http://127.0.0.1:8080";
    private static Option<string?> Listen => new("--listen") { Description = $"Address to listen on (default: console.listen in lfr.yaml, else {DefaultListen})" };

    public static Command Create(CommandBinder bind)
    {
        var cmd = new Command("console", "Serve the operators' console in a browser: the alert queue, decisions, outcomes (sign in as a user added with 'lfr users add')") { Listen };
        ConsoleOptions.AddTo(cmd);
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings, async c =>
        {
            var settings = ConsoleOptions.Settings(c, c.Get(Listen) ?? c.Configuration.ConsoleListen ?? DefaultListen);
            using var db = c.OpenDatabase();
            await using var console = await OperatorConsole.StartAsync(db, settings, c.Cancellation).ConfigureAwait(false);
            ConsoleAnnouncement.Announce(c.Output, settings, console);
            c.Output.Line("sign in with a user added by 'lfr users add'; stop with Ctrl+C or SIGTERM");
            await Task.WhenAll(console.WaitAsync(c.Cancellation), Application.Audit.TreeHeadSchedule.RunAsync(db, TimeSpan.FromMinutes(1), c.Cancellation)).ConfigureAwait(false);
            c.Output.Line("console stopped");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
