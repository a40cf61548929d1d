using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Cli.Configuration;
using LfrAudit.Cli.Output;
using LfrAudit.Core.Problems;
using LfrAudit.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// A force sets itself up once in lfr.yaml beside its store: its name, contact and site address reach what it publishes,
/// its retention and threshold defaults reach what it plans; the environment overrides the file, a flag both; and a file
/// that is wrong in any way is one line naming the file, the line and the key, exit 3, before anything is done.
/// </summary>
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public sealed class ConfigurationTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private const string ForceYaml = """
        # Northshire's settings
        force:
          name: Northshire Police
          contact: lfr@northshire.police.uk
        public_site:
          base_url: https://www.northshire.police.uk/lfr
        defaults:
          threshold: 0.62
          retain_confirmed_days: 14
          retain_unadjudicated_hours: 6
        """;

    [Fact]
    public async Task What_a_force_set_once_reaches_its_plans_notices_and_public_site()
    {
        var db = seeded.CopyInto(_dir);
        File.WriteAllText(_dir["lfr.yaml"], ForceYaml);
        var t = seeded.Timeline;
        async Task<LfrResult> Ok(string now, params string[] args)
        {
            var r = await Lfr.Run([.. args, "--db", db, "--now", now]);
            Assert.True(r.Exit == 0, r.ToString());
            return r;
        }
        var plan = await Ok(t.Now(1, 9), "deployment", "plan", "--id", "DEP-9", "--by", TestUsers.Supervisor, "--location", "Market Square", "--area", "Northtown",
            "--start", t.Wall(10, 10), "--end", t.Wall(10, 18), "--purpose", "Locate people wanted for serious offences",
            "--officer", "A. Example", "--rank", "Superintendent", "--camera", "cam-9", "--watchlist", "demo-watchlist", "--json");
        using (var view = JsonDocument.Parse(plan.Out))
        {
            Assert.Equal(0.62, view.RootElement.GetProperty("threshold").GetDouble());
            Assert.Equal(14, view.RootElement.GetProperty("retention").GetProperty("confirmed_match_days").GetDouble());
            Assert.Equal(6, view.RootElement.GetProperty("retention").GetProperty("unadjudicated_after_end_hours").GetDouble());
        }
        // A flag overrides the file.
        var flagged = await Ok(t.Now(1, 9), "deployment", "plan", "--id", "DEP-10", "--by", TestUsers.Supervisor, "--location", "Market Square", "--area", "Northtown",
            "--start", t.Wall(11, 10), "--end", t.Wall(11, 18), "--purpose", "p", "--officer", "A. Example", "--rank", "Superintendent", "--camera", "cam-9",
            "--watchlist", "demo-watchlist", "--retain-confirmed-days", "3", "--threshold", "0.7", "--json");
        using (var view = JsonDocument.Parse(flagged.Out))
        {
            Assert.Equal(0.7, view.RootElement.GetProperty("threshold").GetDouble());
            Assert.Equal(3, view.RootElement.GetProperty("retention").GetProperty("confirmed_match_days").GetDouble());
        }
        await Ok(t.Now(2, 9), "deployment", "publish-notice", "DEP-9", "--by", TestUsers.Supervisor);

        await Ok(t.Now(2, 10), "publish", "site", "--out", _dir["site"]);
        using (var notice = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir["site"], "deployments", "DEP-9", "notice.json"))))
        {
            Assert.Equal("Northshire Police", notice.RootElement.GetProperty("force").GetString());
            Assert.Equal("lfr@northshire.police.uk", notice.RootElement.GetProperty("contact").GetString());
        }
        Assert.Contains("<h1>Northshire Police: live facial recognition deployments</h1>", File.ReadAllText(Path.Combine(_dir["site"], "index.html")), StringComparison.Ordinal);
        Assert.Contains("<id>https://www.northshire.police.uk/lfr/deployments/DEP-9/notice.html</id>", File.ReadAllText(Path.Combine(_dir["site"], "feed.atom")), StringComparison.Ordinal);

        // --config names another file; --base-url overrides the file's address.
        File.WriteAllText(_dir["other.yaml"], "force:\n  name: Southshire Constabulary\n");
        await Ok(t.Now(2, 11), "publish", "site", "--out", _dir["site-2"], "--config", _dir["other.yaml"], "--base-url", "https://southshire.example/lfr/");
        Assert.Contains("Southshire Constabulary", File.ReadAllText(Path.Combine(_dir["site-2"], "index.html")), StringComparison.Ordinal);
        Assert.Contains("<id>https://southshire.example/lfr/", File.ReadAllText(Path.Combine(_dir["site-2"], "feed.atom")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_show_says_each_settings_value_and_where_it_came_from()
    {
        var db = seeded.CopyInto(_dir);
        File.WriteAllText(_dir["lfr.yaml"], ForceYaml);
        var r = await Lfr.Run("config", "show", "--json", "--db", db);
        Assert.True(r.Exit == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Out);
        var settings = json.RootElement.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!);
        Assert.Equal(ConfigurationKeys.All.Select(k => k.Path), settings.Keys);
        Assert.Equal("Northshire Police", settings["force.name"].GetProperty("value").GetString());
        Assert.EndsWith("lfr.yaml:3", settings["force.name"].GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("default", settings["console.listen"].GetProperty("source").GetString());
        Assert.Equal("LFR_PUBLIC_SITE_BASE_URL", settings["public_site.base_url"].GetProperty("environment_variable").GetString());
    }

    [Fact]
    public void The_environment_overrides_the_file_and_a_blank_variable_counts_as_unset()
    {
        File.WriteAllText(_dir["lfr.yaml"], ForceYaml);
        var env = new Dictionary<string, string> { ["LFR_FORCE_NAME"] = "Eastshire Police", ["LFR_DEFAULTS_RETAIN_CONFIRMED_DAYS"] = "", ["LFR_CONSOLE_LISTEN"] = "http://0.0.0.0:9000" };
        var c = LfrConfiguration.From(_dir["lfr.yaml"], v => env.GetValueOrDefault(v));
        Assert.Equal("Eastshire Police", c.Publication.Force);
        Assert.Equal(14, c.RetainConfirmedDays);
        Assert.Equal("http://0.0.0.0:9000", c.ConsoleListen);
        Assert.Equal("environment LFR_FORCE_NAME", c.Values.Single(v => v.Key == ConfigurationKeys.ForceName).Source);
        Assert.Equal("https://www.northshire.police.uk/lfr/", c.Publication.BaseUrl!.ToString());
    }

    [Theory]
    [InlineData("force:\n  nmae: x\n", "lfr.yaml:2: 'force.nmae' is not a key this version knows")]
    [InlineData("forse:\n  name: x\n", "lfr.yaml:1: 'forse' is not a section this version knows")]
    [InlineData("defaults:\n  retain_confirmed_days: 9999\n", "lfr.yaml:2: defaults.retain_confirmed_days: '9999' is not valid")]
    [InlineData("defaults:\n  threshold: NaN\n", "defaults.threshold")]
    [InlineData("public_site:\n  time_zone: Europe/Paris\n", "'Europe/Paris' is not supported")]
    [InlineData("public_site:\n  base_url: ftp://x/\n", "public_site.base_url")]
    [InlineData("force:\n  name: [a, b]\n", "lfr.yaml:2: 'force.name' must be one value")]
    [InlineData("force:\n  name: \"North\\u001b[31mshire\"\n", "holds a control character")]
    [InlineData("force: [a, b\n", "not valid YAML")]
    [InlineData("- a\n- b\n", "a configuration file is sections of keys")]
    [InlineData("a: &x [*x]\n", "lfr.yaml")]
    public async Task A_wrong_file_is_one_line_naming_where_and_nothing_is_done(string yaml, string says)
    {
        var db = seeded.CopyInto(_dir);
        File.WriteAllText(_dir["lfr.yaml"], yaml);
        var before = File.ReadAllBytes(db);
        var r = await Lfr.Run("publish", "site", "--out", _dir["site"], "--db", db);
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        var line = Assert.Single(r.ErrorLines);
        Assert.Contains(says, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir["site"]));
        Assert.Equal(before, File.ReadAllBytes(db));
    }

    [Fact]
    public async Task A_special_file_or_a_missing_one_given_by_name_is_refused_in_one_line()
    {
        foreach (var (args, says) in new[] { (new[] { "--config", "/dev/zero" }, "not a regular file"), (["--config", _dir["missing.yaml"]], "does not exist"),
                     (["--config", _dir.Path], "not a regular file"), (["--db", ""], "not a usable path") })
        {
            var r = await Lfr.Run(["config", "show", .. args]);
            Assert.Equal(ExitCodes.BadInput, r.Exit);
            Assert.Contains(says, Assert.Single(r.ErrorLines), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Whatever_a_file_holds_it_is_read_or_refused_in_one_line_naming_it()
    {
        var keys = Gen.Elements(ConfigurationKeys.All.Select(k => k.Path).Append("force.nmae").Append("x.y").ToArray());
        var values = Gen.OneOf(ArbMap.Default.GeneratorFor<string>().Where(s => s is not null), Gen.Elements("0.6", "NaN", "-1", "1e309", "99999999999", "https://x.example/", "\"\"", "~", "[1]", "{a: 1}", "&a x", "*a", "'", "\""));
        var files = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
            from n in Gen.Choose(0, 6)
            from pairs in Gen.ArrayOf(Gen.Zip(keys, values), n)
            select string.Join("\n", pairs.GroupBy(p => p.Item1.Split('.')[0]).Select(g => $"{g.Key}:\n" + string.Join("\n", g.Select(p => $"  {p.Item1.Split('.')[1]}: {p.Item2}")))));
        var file = _dir["generated.yaml"];
        Prop.ForAll(files.ToArbitrary(), text =>
        {
            File.WriteAllText(file, text);
            try
            {
                var c = LfrConfiguration.From(file, _ => null);
                return (c.Values.Count == ConfigurationKeys.All.Count).Label("every key has a value");
            }
            catch (LfrInputException e)
            {
                return (!e.Message.Contains('\n', StringComparison.Ordinal) && e.Message.Contains("generated.yaml", StringComparison.Ordinal)).Label(e.Message);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_key_and_its_variable_are_documented()
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "configuration.md"));
        Assert.All(ConfigurationKeys.All, k =>
        {
            Assert.Contains($"`{k.Path}`", doc, StringComparison.Ordinal);
            Assert.Contains($"`{k.EnvironmentVariable}`", doc, StringComparison.Ordinal);
        });
    }
}
