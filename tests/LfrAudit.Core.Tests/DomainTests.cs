using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Core.Tests;

public class ThresholdTests
{
    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0001)]
    [InlineData(double.NaN)]
    public void Out_of_range_is_refused_with_the_value_named(double value)
    {
        var ex = Assert.Throws<LfrInputException>(() => new Threshold(value));
        Assert.Contains("between 0 and 1", ex.Message);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-1")]
    [InlineData("abc")]
    public void Parse_rejects_bad_text(string text) => Assert.Throws<LfrInputException>(() => Threshold.Parse(text));

    [Fact]
    public void A_score_exactly_at_the_threshold_reaches_it()
    {
        var t = new Threshold(0.5);
        Assert.True(t.IsReachedBy(0.5f));
        Assert.False(t.IsReachedBy(0.49999f));
        Assert.True(new Threshold(0).IsReachedBy(0f));
        Assert.False(new Threshold(1).IsReachedBy(0.9999f));
    }

    [Fact]
    public void Parse_is_culture_invariant() => Assert.Equal(0.45, Threshold.Parse("0.45").Value, 6);
}

public class WatchlistEntryIdTests
{
    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void Invalid_ids_are_refused(string id) => Assert.Throws<LfrInputException>(() => new WatchlistEntryId(id));

    [Fact]
    public void Valid_id_round_trips() => Assert.Equal("WL-0001.a_b", new WatchlistEntryId("WL-0001.a_b").Value);
}

public class QualityGateTests
{
    private static DetectedFace Face(float size, float score) => new(new BoxF(0, 0, size, size * 1.2f), default, score);

    [Fact]
    public void Admits_only_faces_big_and_sure_enough()
    {
        var gate = new QualityGate(MinFaceSizePixels: 30, MinDetectionScore: 0.8f);
        Assert.True(gate.Admits(Face(30, 0.8f)));
        Assert.False(gate.Admits(Face(29.9f, 0.99f)));
        Assert.False(gate.Admits(Face(100, 0.79f)));
    }

    [Fact]
    public void Iou_of_identical_boxes_is_one_and_disjoint_is_zero()
    {
        var a = new BoxF(0, 0, 10, 10);
        Assert.Equal(1f, a.IntersectionOverUnion(a), 5);
        Assert.Equal(0f, a.IntersectionOverUnion(new BoxF(20, 20, 5, 5)));
        Assert.Equal(25f / 175f, a.IntersectionOverUnion(new BoxF(5, 5, 10, 10)), 5);
    }
}

/// <summary>Names that reach logs, file names and URLs: a trailing newline ('$' matches before one) is never part of a valid one.</summary>
public class IdentifierEdgeTests
{
    [Fact]
    public void A_site_deployment_or_watchlist_entry_id_with_a_line_break_or_control_character_is_refused()
    {
        string[] endings = ["\n", "\r\n", "\u0000", "\t", " "];
        foreach (var end in endings)
        {
            Assert.ThrowsAny<LfrInputException>(() => new SiteId("van-1" + end));
            Assert.ThrowsAny<LfrInputException>(() => new DeploymentId("DEP-1" + end));
            Assert.ThrowsAny<LfrInputException>(() => new WatchlistEntryId("WL-1" + end));
        }
        Assert.Equal("van-1", new SiteId("van-1").Value);
    }
}
