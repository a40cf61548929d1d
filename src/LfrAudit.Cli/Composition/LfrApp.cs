using LfrAudit.Cli.Commands;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Vision.Native;

namespace LfrAudit.Cli.Composition;

/// <summary>
/// The lfr command line. Every command runs through <see cref="Execute"/>, which turns a problem with the
/// user's input into one line on stderr and a distinct exit code, never a stack trace.
/// </summary>
internal static class LfrApp
{
    /// <param name="clock">The real clock (a test may give its own); --now composes a simulation clock from it.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider? clock = null)
    {
        var output = new CliOutput(stdout, stderr);
        // The composition root: the one place the command line takes the system's clock.
#pragma warning disable RS0030
        var root = Build(output, clock ?? TimeProvider.System);
#pragma warning restore RS0030
        var parse = root.Parse(args);
        if (ParseProblems.Find(parse) is { } problem)
        {
            // One line, whatever was wrong: every problem, with the nearest name to a mistyped one.
            output.Problem($"error: {problem.Line}");
            return problem.OnlyValues ? ExitCodes.BadInput : ExitCodes.Usage;
        }
        // Ctrl+C and SIGTERM cancel the command's token; a service then has this long to end its runs cleanly.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }

    /// <summary>The whole command tree, for tools and tests that walk every command and option.</summary>
#pragma warning disable RS0030 // a tree to walk, never run: no command reads this clock
    public static RootCommand CommandTree() => Build(new CliOutput(TextWriter.Null, TextWriter.Null), TimeProvider.System);
#pragma warning restore RS0030

    private static RootCommand Build(CliOutput output, TimeProvider clock)
    {
        var root = new RootCommand("LfrAudit: live facial recognition deployment and audit simulator");
        // The log options apply to every command; the other shared options each command takes as it uses them (CommandBinder).
        root.Options.Add(GlobalOptions.LogLevel);
        root.Options.Add(GlobalOptions.LogJson);
        root.Options.Add(GlobalOptions.LogFile);
        var bind = new CommandBinder(output, clock);
        root.Subcommands.Add(ModelsCommands.Create(bind));
        root.Subcommands.Add(WatchlistCommands.Create(bind));
        root.Subcommands.Add(RunCommand.Create(bind));
        root.Subcommands.Add(ServeCommand.Create(bind));
        root.Subcommands.Add(ConsoleCommand.Create(bind));
        root.Subcommands.Add(UsersCommands.Create(bind));
        root.Subcommands.Add(ApiKeysCommands.Create(bind));
        root.Subcommands.Add(AlertsCommands.Create(bind));
        root.Subcommands.Add(BenchCommand.Create(bind));
        root.Subcommands.Add(DemoCommand.Create(bind));
        root.Subcommands.Add(SimulateCommand.Create(bind));
        root.Subcommands.Add(DeploymentCommands.Create(bind));
        root.Subcommands.Add(RetentionCommands.Create(bind));
        root.Subcommands.Add(PublishCommands.Create(bind));
        root.Subcommands.Add(AuditCommands.Create(bind));
        root.Subcommands.Add(StoreCommands.Create(bind));
        root.Subcommands.Add(EvaluateCommands.Create(bind));
        root.Subcommands.Add(ConfigCommands.Create(bind));
        return root;
    }

    internal static async Task<int> Execute(ParseResult parse, CliOutput output, TimeProvider clock, CancellationToken ct, Func<CommandContext, Task<int>> action)
    {
        Serilog.Core.Logger log;
        try { log = Logging.Create(parse, output.Error); }
        catch (LfrInputException ex)
        {
            output.Problem($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        using var _ = log;
        NativeStderr.SendTo(line => log.Debug("native: {Line}", StreamAddress.RedactWithin(line)));
        try
        {
            if (CommandContext.Takes(parse, GlobalOptions.Now) && SharedOptions.Value(parse, GlobalOptions.Now) is { } now) clock = new SimulationClock(CliTime.ParseNow(now, clock.GetUtcNow()));
            // A closed SSH terminal sends SIGHUP: a run or a service ends as it does for Ctrl+C or SIGTERM, recording its end,
            // rather than dying with its runs left open.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var hangUp = OperatingSystem.IsWindows() ? null : System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGHUP, signal => { signal.Cancel = true; stop.Cancel(); });
            // Asked for JSON: standard output is for the JSON alone, whatever else the command says on the way.
            if (parse.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--json") is { } json && parse.GetValue(json))
                output.KeepOutForJson();
            var context = new CommandContext(parse, output, log, clock, stop.Token);
            return await action(context).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            output.Problem($"error: {Phrasing.Of(ex)}");
            return ExitCodes.StoreUnavailable;
        }
        catch (ModelFileException ex)
        {
            output.Problem($"error: {Phrasing.Of(ex)}");
            return ExitCodes.ModelProblem;
        }
        catch (LfrInputException ex)
        {
            output.Problem($"error: {Phrasing.Of(ex)}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            output.Problem("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ExplainStoreFailure(ex, parse) is { } explained)
        {
            log.Debug(ex, "Store failure");
            output.Problem($"error: {explained.Message}");
            return explained is StoreUnavailableException ? ExitCodes.StoreUnavailable : ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file-system failure we did not foresee is still about the user's files, named in the message: not a crash.
            log.Debug(ex, "File system failure");
            output.Problem($"error: {ex.Message.Split('\n')[0]}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex)
        {
            log.Fatal(ex, "Unexpected failure in {Command}", parse.CommandResult.Command.Name);
            output.Problem($"error: unexpected failure: {ex.GetType().Name}: {ex.Message.Split('\n')[0]} (run with --log-level debug for details)");
            return ExitCodes.Failure;
        }
    }

    private static LfrInputException? ExplainStoreFailure(Exception ex, ParseResult parse)
    {
        if (!CommandContext.Takes(parse, GlobalOptions.Database)) return null; // a command without a store
        try { return Stores.Explain(ex, StoreTarget.Resolve(parse)); }
        catch (LfrInputException) { return null; } // a bad --store or --site was reported before any store was opened
    }
}

/// <summary>Wires a command's action to the shared error handling, output and clock, with the shared options it uses.</summary>
internal sealed class CommandBinder(CliOutput output, TimeProvider clock)
{
    public void Bind(Command command, Uses uses, Func<CommandContext, Task<int>> action)
    {
        foreach (var option in SharedOptions.For(uses)) command.Options.Add(option);
        command.SetAction((parse, ct) => LfrApp.Execute(parse, output, clock, ct, action));
    }

    public void Bind(Command command, Uses uses, Func<CommandContext, int> action) =>
        Bind(command, uses, c => Task.FromResult(action(c)));
}
