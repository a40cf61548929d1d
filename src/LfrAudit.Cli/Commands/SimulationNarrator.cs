using LfrAudit.Core.Untrusted;
using LfrAudit.Scenarios.Simulation;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// How a simulation is told on the terminal: each step with its time on the simulation clock, details indented, long
/// work as a progress bar on a terminal (nothing when redirected: the steps' lines are the progress); quiet for --json.
/// </summary>
internal sealed class SimulationNarrator(CommandContext c, bool quiet) : ISimulationNarrator
{
    public void Step(DateTimeOffset at, string text)
    {
        text = SafeText.Escape(text);
        c.Log.Information("Simulation step at {At}: {Step}", at, text);
        if (!quiet) c.Output.Line($"[{CliTime.Show(at)}] {text}");
    }

    public void Detail(string text)
    {
        if (!quiet) c.Output.Line(SafeText.Escape($"   {text}"));
    }

    public async Task<T> Work<T>(string task, int total, Func<Action<int>, Task<T>> work)
    {
        if (quiet || !c.Output.IsInteractive) return await work(_ => { }).ConfigureAwait(false);
        return await c.Output.Console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var bar = ctx.AddTask(Markup.Escape(SafeText.Escape(task)), maxValue: Math.Max(1, total));
                var result = await work(done => bar.Value = Math.Min(bar.MaxValue, done)).ConfigureAwait(false);
                bar.Value = bar.MaxValue;
                return result;
            }).ConfigureAwait(false);
    }
}
