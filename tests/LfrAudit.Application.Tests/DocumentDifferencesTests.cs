using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Publishing;

namespace LfrAudit.Application.Tests;

/// <summary>A document as published against the one built from the log: member by member, nested members by path, numbers to six decimals.</summary>
public class DocumentDifferencesTests
{
    /// <summary>A document with the shapes published documents have: text, numbers, a map, a list and a nested record.</summary>
    private sealed record Doc(string Location, double Rate, long Alerts, IReadOnlyDictionary<string, long> Outcomes, IReadOnlyList<string> Cameras, Stamp? Override, string Force = "Force");

    private sealed record Stamp(string By, DateTimeOffset At);

    private static readonly DateTimeOffset T = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> Settings = new(StringComparer.Ordinal) { "force" };

    private static Doc Sample() => new("High Street", 0.000123, 7, new Dictionary<string, long> { ["arrested"] = 2, ["words-of-advice"] = 1 }, ["van-1", "van-2"], new Stamp("Supt A", T));

    [Fact]
    public void The_same_document_has_no_differences() => Assert.Empty(DocumentDifferences.Of(Sample(), Sample(), Settings));

    [Fact]
    public void A_changed_member_is_named_with_both_values()
    {
        var found = Assert.Single(DocumentDifferences.Of(Sample() with { Alerts = 9 }, Sample(), Settings));
        Assert.Equal("its alerts says '9', where the audit log gives '7'", found);
    }

    [Fact]
    public void A_nested_member_is_named_by_its_path()
    {
        var published = Sample() with { Outcomes = new Dictionary<string, long> { ["arrested"] = 3, ["words-of-advice"] = 1 }, Override = new Stamp("Supt B", T) };
        var found = DocumentDifferences.Of(published, Sample(), Settings);
        Assert.Equal(2, found.Count);
        Assert.Contains("its outcomes.arrested says '3', where the audit log gives '2'", found);
        Assert.Contains("its override.by says '\"Supt B\"', where the audit log gives '\"Supt A\"'", found);
    }

    [Fact]
    public void A_member_present_on_one_side_only_is_a_difference()
    {
        var found = DocumentDifferences.Of(Sample() with { Outcomes = new Dictionary<string, long> { ["arrested"] = 2 } }, Sample(), Settings);
        Assert.Equal("its outcomes.words-of-advice says nothing, where the audit log gives '1'", Assert.Single(found));
        Assert.StartsWith("its override says nothing, where the audit log gives '{", Assert.Single(DocumentDifferences.Of(Sample() with { Override = null }, Sample(), Settings)));
    }

    [Fact]
    public void A_list_of_another_length_is_one_difference_and_of_the_same_length_item_by_item()
    {
        Assert.StartsWith("its cameras says ", Assert.Single(DocumentDifferences.Of(Sample() with { Cameras = ["van-1"] }, Sample(), Settings)));
        Assert.StartsWith("its cameras[1] says '\"van-9\"'", Assert.Single(DocumentDifferences.Of(Sample() with { Cameras = ["van-1", "van-9"] }, Sample(), Settings)));
    }

    [Fact]
    public void Members_the_log_cannot_speak_to_are_left_out_and_only_those()
    {
        Assert.Empty(DocumentDifferences.Of(Sample() with { Force = "Another force" }, Sample(), Settings));
        Assert.Single(DocumentDifferences.Of(Sample() with { Force = "Another force" }, Sample(), new HashSet<string>()));
    }

    [Fact]
    public void Numbers_agree_to_the_six_decimals_the_log_keeps_and_differ_beyond_them()
    {
        Prop.ForAll(Gen.Choose(-1_000_000, 1_000_000).ToArbitrary(), Gen.Choose(-400, 400).ToArbitrary(), (micros, nanos) =>
        {
            // A value the log wrote to six decimals, and one that may differ from it below or at that precision.
            var logged = micros / 1e6;
            var published = logged + nanos / 1e9;
            var same = Math.Round(published, 6) == Math.Round(logged, 6);
            var found = DocumentDifferences.Of(Sample() with { Rate = published }, Sample() with { Rate = logged }, Settings);
            return (found.Count == 0) == same && (same || found.Single().StartsWith("its rate says ", StringComparison.Ordinal));
        }).QuickCheckThrowOnFailure();
        Assert.Single(DocumentDifferences.Of(Sample() with { Rate = 0.000124 }, Sample(), Settings));
    }

    [Fact]
    public void Every_single_member_changed_is_found_and_named_alone()
    {
        var changes = new (string Member, Func<Doc, Doc> Change)[]
        {
            ("location", d => d with { Location = d.Location + "x" }), ("rate", d => d with { Rate = d.Rate + 0.001 }), ("alerts", d => d with { Alerts = d.Alerts + 1 }),
            ("outcomes.arrested", d => d with { Outcomes = new Dictionary<string, long>(d.Outcomes) { ["arrested"] = 0 } }),
            ("cameras[0]", d => d with { Cameras = ["van-0", .. d.Cameras.Skip(1)] }), ("override.at", d => d with { Override = d.Override! with { At = T.AddSeconds(1) } }),
        };
        Prop.ForAll(Gen.Elements(changes).ToArbitrary(), c =>
            DocumentDifferences.Of(c.Change(Sample()), Sample(), Settings) is [var only] && only.StartsWith($"its {c.Member} says ", StringComparison.Ordinal)).QuickCheckThrowOnFailure();
    }
}
