using System.CommandLine;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Cli.Composition;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Each command takes the shared options it uses and no others: its help lists only what applies to it (the log options
/// everywhere; --db and its kin where a store is read; --models where a model is loaded), and an option given to a
/// command it does not apply to is refused in one line that says why, before anything is opened.
/// </summary>
[Trait("Category", "Unit")]
public class SharedOptionsTests
{
    private static readonly string[] Shared = ["--db", "--store", "--site", "--audit-key", "--config", "--models", "--now"];
    private static readonly string[] LogOptions = ["--log-level", "--log-json", "--log-file"];

    private static IEnumerable<(string Path, Command Command)> Leaves(RootCommand root) => CommandLeaves.Of(root);

    // The command's own options, or a recursive one of a command above it (the log options, from the root).
    private static bool Takes(Command command, string name) => command.Options.Any(o => o.Name == name) || Inherits(command, name);

    private static bool Inherits(Command command, string name) =>
        command.Parents.OfType<Command>().Any(p => p.Options.Any(o => o.Name == name && o.Recursive) || Inherits(p, name));

    private static async Task<string> Help(string path)
    {
        var r = await Lfr.Run([.. path.Split(' ').Skip(1), "--help"]);
        Assert.True(r.Exit == 0, r.ToString());
        return r.Out;
    }

    private static IEnumerable<string> SharedIn(string help) => Shared.Where(o => help.Contains($"  {o} ", StringComparison.Ordinal));

    [Theory]
    [InlineData("lfr models list", "--models")]
    [InlineData("lfr models fetch", "--models")]
    [InlineData("lfr evaluate images", "--models")]
    [InlineData("lfr bench", "--models")]
    [InlineData("lfr audit verify", "")]
    [InlineData("lfr audit keygen", "")]
    [InlineData("lfr audit witness", "")]
    [InlineData("lfr evaluate project", "")]
    [InlineData("lfr watchlist list", "--db --store --site --now")]
    [InlineData("lfr alerts adjudicate", "--db --store --site --audit-key --now")]
    [InlineData("lfr retention enforce", "--db --store --site --audit-key --now")]
    [InlineData("lfr deployment plan", "--db --store --site --audit-key --config --now")]
    [InlineData("lfr config show", "--db --store --site --config")]
    [InlineData("lfr serve", "--db --store --site --audit-key --config --models --now")]
    [InlineData("lfr watchlist enroll", "--db --store --site --audit-key --models --now")]
    public async Task A_commands_help_lists_the_shared_options_it_uses_and_no_others(string path, string expected)
    {
        var help = await Help(path);
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), SharedIn(help));
        Assert.All(LogOptions, o => Assert.Contains(o, help));
    }

    [Fact]
    public async Task Every_command_takes_the_log_options_and_the_root_lists_no_store_or_model_option()
    {
        // From one tree, not a help page a command: every in-process run builds a tree, and each build makes the next
        // slower (an option remembers every command it was added to).
        var leaves = Leaves(LfrApp.CommandTree()).ToList();
        Assert.True(leaves.Count >= 30, string.Join(", ", leaves.Select(l => l.Path)));
        foreach (var (path, command) in leaves)
            Assert.All(LogOptions, o => Assert.True(Takes(command, o), $"{path} does not take {o}"));
        Assert.Empty(SharedIn(await Help("lfr")));
    }

    [Fact]
    public void A_shared_option_given_to_a_command_it_does_not_apply_to_is_refused_in_one_line_saying_why()
    {
        var cases = (from leaf in Leaves(LfrApp.CommandTree())
                     from option in Shared.Where(o => !Takes(leaf.Command, o))
                     select (Leaf: leaf.Path, Option: option)).ToList();
        Assert.NotEmpty(cases);
        var values = Gen.Elements("x.db", "", "Host=127.0.0.1;Database=x", LfrAudit.Testing.TestTimeline.Utc(LfrAudit.Testing.TestTimeline.RealNow.AddYears(3)), "--json", "'; DROP TABLE x", "\u001b[31m", "van-2");
        Prop.ForAll(Gen.Elements(cases.ToArray()).ToArbitrary(), values.ToArbitrary(), (c, value) =>
        {
            var r = Lfr.Run([.. c.Leaf.Split(' ').Skip(1), c.Option, value]).GetAwaiter().GetResult();
            Assert.True(r.Exit == ExitCodes.Usage, $"{c.Leaf} {c.Option} {value}: {r}");
            var line = Assert.Single(r.ErrorLines);
            Assert.StartsWith($"error: ", line);
            Assert.Contains($"'{c.Option}' does not apply to '{c.Leaf}': it ", line);
            Assert.Empty(r.Out);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Theory]
    [InlineData("models list --db x.db", "'--db' does not apply to 'lfr models list': it works on no store")]
    [InlineData("audit verify --models m", "'--models' does not apply to 'lfr audit verify': it loads no model")]
    [InlineData("watchlist list --audit-key k", "'--audit-key' does not apply to 'lfr watchlist list': it uses no audit signing key")]
    [InlineData("watchlist list --config lfr.yaml", "'--config' does not apply to 'lfr watchlist list': it reads no force settings")]
    [InlineData("audit keygen --now +1d", "'--now' does not apply to 'lfr audit keygen': it takes no simulation clock")]
    public async Task The_refusal_says_what_the_command_does_not_use(string args, string expected)
    {
        var r = await Lfr.Run(args.Split(' '));
        Assert.Equal(ExitCodes.Usage, r.Exit);
        var line = Assert.Single(r.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains($"{expected};", line);
    }
}
