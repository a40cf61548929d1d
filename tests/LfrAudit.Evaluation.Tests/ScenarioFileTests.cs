using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Evaluation.Simulation;

namespace LfrAudit.Evaluation.Tests;

/// <summary>Programme scenarios: defaults inherited, date order, and every malformed file one clear line.</summary>
[Trait("Category", "Dates")]
public sealed class ScenarioFileTests
{
    private const string Sample = """
        name: Test programme
        seed: 5
        footage: {width: 640, height: 360, fps: 8, minutes: 0.5}
        operators: {error_rate: 0.1}
        locations:
          a: {name: Alpha Street, town: Testham, scene: videos/a.mp4}
          b: {name: Beta Arcade, town: Testham, latitude: 51.6, longitude: -0.2, scene: videos/b.mp4}
        defaults: {cameras: 2, threshold: 0.55, watchlist_size: 200, watchlist_mix: {missing-person: 1}}
        deployments:
          - {date: 2027-02-01, location: b, threshold: 0.7}
          - {date: 2027-01-10, location: a, start: "09:30", mix: {ethnicity: {Black: 2, White: 1}}}
        """;

    [Fact]
    public void Deployments_inherit_defaults_say_what_differs_and_come_in_date_order()
    {
        var s = ScenarioFile.Parse(Sample, "t.yaml");
        Assert.Equal(("Test programme", 5, 640, 8.0, 0.1), (s.Name, s.Seed, s.Footage.Width, s.Footage.Fps, s.Operators.ErrorRate));
        Assert.Equal(["SIM-20270110-A", "SIM-20270201-B"], s.Deployments.Select(d => d.Id));
        var (first, second) = (s.Deployments[0], s.Deployments[1]);
        Assert.Equal((2, 0.55, 200, new TimeOnly(9, 30)), (first.Cameras, first.Threshold, first.WatchlistSize, first.Start));
        Assert.Equal(2.0, first.Mix!["ethnicity"]["Black"]);
        Assert.Equal(0.7, second.Threshold);
        Assert.Null(second.Mix);
        Assert.Equal(first.WatchlistName, second.WatchlistName); // same size and mix: one enrolled watchlist
        Assert.NotEqual(s.ContentHash, ScenarioFile.Parse(Sample.Replace("seed: 5", "seed: 6"), "t.yaml").ContentHash);
    }

    [Fact]
    public void A_watchlist_is_named_in_words_by_its_size_and_mix_and_a_different_mix_is_a_different_watchlist()
    {
        var mixed = ScenarioFile.Parse(Sample.Replace("watchlist_mix: {missing-person: 1}", "watchlist_mix: {court-warrant: 1, wanted-serious-offence: 3}"), "t.yaml");
        Assert.Equal("Watchlist of 200 (wanted serious offence 75 %, court warrant 25 %)", mixed.Deployments[0].WatchlistName);
        Assert.Equal("Watchlist of 200 (missing person 100 %)", ScenarioFile.Parse(Sample, "t.yaml").Deployments[0].WatchlistName);
        var other = ScenarioFile.Parse(Sample.Replace("watchlist_mix: {missing-person: 1}", "watchlist_mix: {court-warrant: 1, wanted-serious-offence: 1}"), "t.yaml");
        Assert.NotEqual(mixed.Deployments[0].WatchlistName, other.Deployments[0].WatchlistName);
    }

    [Theory]
    [InlineData("threshold: 0.7}", "threshold: 1.7}", "t.yaml:10: threshold: 1.7 is out of range")]
    [InlineData("cameras: 2,", "cameras: 2.5,", "cameras: 2.5 must be a whole number")]
    [InlineData("location: b,", "location: c,", "'c' is not one of the locations")]
    [InlineData("2027-02-01", "2027-02-30", "'2027-02-30' is not a date")]
    [InlineData("missing-person: 1", "lost-property: 1", "'lost-property' is not a category")]
    [InlineData("\"09:30\"", "\"25:00\"", "'25:00' is not a time of day")]
    [InlineData("Beta Arcade", "Beta\u0007Arcade", "has control characters")]
    public void A_value_out_of_shape_is_named_with_its_line(string from, string to, string expected)
    {
        var ex = Assert.Throws<LfrInputException>(() => ScenarioFile.Parse(Sample.Replace(from, to), "t.yaml"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("t.yaml", ex.Message);
    }

    [Fact]
    public void A_location_key_that_would_make_an_invalid_deployment_id_is_refused_before_anything_runs()
    {
        var ex = Assert.Throws<LfrInputException>(() => ScenarioFile.Parse(Sample.Replace("  a: {", "  a_b: {").Replace("location: a,", "location: a_b,"), "t.yaml"));
        Assert.StartsWith("t.yaml: deployment id 'SIM-20270110-A_B' is not valid", ex.Message);
    }

    [Theory]
    [InlineData("&a [*a]\n")]
    [InlineData("name: x\nlocations: &l {a: *l}\n")]
    public void A_value_that_contains_itself_is_one_line_not_a_stack_overflow(string text)
    {
        var ex = Assert.Throws<LfrInputException>(() => ScenarioFile.Parse(text, "s.yaml"));
        Assert.StartsWith("s.yaml:", ex.Message);
        Assert.Contains("aliases", ex.Message);
    }

    [Fact]
    public void Any_text_at_all_parses_or_is_one_line_naming_the_file()
    {
        var pieces = Gen.Elements("name: x\n", "locations:\n", "  a: {scene: v.mp4}\n", "deployments:\n", "  - {date: 2027-01-01, location: a}\n",
            "defaults: {cameras: 9}\n", "  - [1, 2]\n", "{", "}", ": :", "\t", "- ", "seed: 1e400\n", "footage: {fps: NaN}\n", "\u0000", "&a [*a]\n", "? [k]\n: v\n");
        var texts = Gen.ListOf(pieces).Select(p => string.Concat(p));
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            try { return ScenarioFile.Parse(text, "s.yaml").Deployments.Count > 0; }
            catch (LfrInputException ex) { return ex.Message.StartsWith("s.yaml", StringComparison.Ordinal) && !ex.Message.Contains('\n'); }
        }).QuickCheckThrowOnFailure();
    }
}
