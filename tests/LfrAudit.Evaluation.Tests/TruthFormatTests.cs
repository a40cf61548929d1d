using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Evaluation.Footage;

namespace LfrAudit.Evaluation.Tests;

/// <summary>Truth in the formats testers bring (small hand-made files): MOTChallenge, CVAT video XML, a walk-past log.</summary>
public sealed class TruthFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-truth-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void MOTChallenge_tracks_become_appearances_with_a_box_per_frame_ignoring_what_it_says_to_ignore()
    {
        var gt = Write("gt.txt", """
            1,1,100,50,80,200,1,1,1.0
            2,1,104,50,80,200,1,1,0.9
            3,1,108,50,80,200,1,1,0.8
            2,2,400,60,70,180,1,1,1.0
            3,2,396,60,70,180,1,1,1.0
            3,3,700,60,70,180,0,1,1.0
            3,4,900,60,70,180,1,3,1.0
            """);
        var truth = FootageTruth.Read(gt, 25, new Dictionary<string, string> { ["1"] = "lfw:Colin_Powell" });
        Assert.Equal((25.0, 3), (truth.Fps, truth.Frames));
        Assert.Equal(["lfw:Colin_Powell", "mot:2"], truth.Appearances.Select(a => a.Identity)); // 3 is an ignore region, 4 a car
        var colin = truth.Appearances[0];
        Assert.Equal((0, 2), (colin.FirstFrame, colin.LastFrame)); // MOT counts frames from 1; we from 0
        Assert.True(colin.Contains(2, 150, 100));   // inside frame 3's box
        Assert.False(colin.Contains(2, 300, 100));  // beside it
        Assert.False(colin.Contains(3, 150, 100));  // after the track
        Assert.False(truth.Appearances[1].Contains(0, 430, 100)); // before its first frame
    }

    [Fact]
    public void CVAT_video_tracks_are_read_with_boxes_outside_the_view_left_out()
    {
        var xml = Write("annotations.xml", """
            <?xml version="1.0" encoding="utf-8"?>
            <annotations>
              <version>1.1</version>
              <track id="0" label="person" source="manual">
                <box frame="5" outside="0" occluded="0" keyframe="1" xtl="10" ytl="20" xbr="90" ybr="220" z_order="0"><attribute name="identity">lfw:Hugo_Chavez</attribute></box>
                <box frame="6" outside="0" occluded="1" keyframe="0" xtl="14" ytl="20" xbr="94" ybr="220" z_order="0"><attribute name="identity">lfw:Hugo_Chavez</attribute></box>
                <box frame="7" outside="1" occluded="0" keyframe="1" xtl="18" ytl="20" xbr="98" ybr="220" z_order="0"><attribute name="identity">lfw:Hugo_Chavez</attribute></box>
              </track>
              <track id="1" label="person" source="manual">
                <box frame="6" outside="0" occluded="0" keyframe="1" xtl="300" ytl="20" xbr="380" ybr="220" z_order="0"></box>
              </track>
            </annotations>
            """);
        var truth = FootageTruth.Read(xml, 10, new Dictionary<string, string> { ["1"] = "lfw:Serena_Williams" });
        Assert.Equal(["lfw:Hugo_Chavez", "lfw:Serena_Williams"], truth.Appearances.Select(a => a.Identity));
        Assert.Equal((5, 6), (truth.Appearances[0].FirstFrame, truth.Appearances[0].LastFrame));
        Assert.True(truth.Appearances[0].Contains(6, 50, 100));
        Assert.False(truth.Appearances[0].Contains(7, 50, 100)); // outside the view from frame 7
    }

    [Fact]
    public void CVAT_XML_with_a_DTD_or_external_entity_is_refused_and_nothing_is_fetched()
    {
        var xml = Write("evil.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE annotations [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <annotations><track id="0" label="person"><box frame="0" xtl="0" ytl="0" xbr="1" ybr="1"><attribute name="identity">&x;</attribute></box></track></annotations>
            """);
        var ex = Assert.Throws<LfrInputException>(() => FootageTruth.Read(xml, 10));
        Assert.StartsWith($"{xml}: not CVAT video XML", ex.Message);
        Assert.DoesNotContain("root:", ex.Message);
    }

    [Fact]
    public void A_walk_past_log_gives_who_and_when_in_seconds_or_clock_time()
    {
        var log = Write("walk-past.csv", "person,camera,from,to\nlfw:Colin_Powell,van-1,2.0,3.9\nlfw:Tony_Blair,van-1,0:00:05,0:00:06.5\n");
        var truth = FootageTruth.Read(log, 10);
        Assert.Equal([(20, 39), (50, 65)], truth.Appearances.Select(a => (a.FirstFrame, a.LastFrame)));
        Assert.True(truth.Appearances[0].Contains(25, 1, 1));   // anywhere in view, while they pass
        Assert.False(truth.Appearances[0].Contains(45, 1, 1));
    }

    [Theory]
    [InlineData("gt.txt", "1,1,100,50,80\n", "line 1: expected at least frame, id, left, top, width, height")]
    [InlineData("gt.txt", "1,1,100,50,NaN,200,1,1,1\n", "line 1: 'NaN' is not a number")]
    [InlineData("gt.txt", "0,1,100,50,80,200,1,1,1\n", "line 1: frame 0 box 80x200")]
    [InlineData("gt.txt", "1,x,100,50,80,200,1,1,1\n", "line 1: id 'x' is not a whole number")]
    [InlineData("walk-past.csv", "person,camera,from,to\nsomeone,van-1,10,5\n", "line 2: 'someone' leaves before arriving")]
    [InlineData("walk-past.csv", "who,when\n", "starts with the header person,camera,from,to")]
    [InlineData("walk-past.csv", "person,camera,from,to\nsomeone,van-1,soon,later\n", "line 2: time 'soon' is not seconds")]
    [InlineData("truth.yaml", "a: b\n", "truth must be .json")]
    public void Malformed_truth_is_one_clear_error_naming_the_file_and_line(string name, string text, string expected)
    {
        var path = Write(name, text);
        var ex = Assert.Throws<LfrInputException>(() => FootageTruth.Read(path, 25));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith(path, ex.Message);
    }

    [Fact]
    public void Any_text_as_MOT_or_CVAT_or_a_walk_past_log_is_read_or_refused_with_a_clear_error_never_a_crash()
    {
        var pieces = Gen.Elements("1", "2", "-1", "0", "1e9", "NaN", "x", ",", "\n", " ", "<track id=\"1\">", "<box frame=\"1\" xtl=\"1\" ytl=\"1\" xbr=\"9\" ybr=\"9\"/>",
            "</track>", "<annotations>", "</annotations>", "\u0000", "💥", "person,camera,from,to\n", "0:00:01", "&amp;", "<!DOCTYPE x>");
        var texts = from n in Gen.Choose(0, 30) from parts in Gen.ListOf(pieces, n) select string.Concat(parts);
        Prop.ForAll(texts.ToArbitrary(), Gen.Elements("gt.txt", "a.xml", "log.csv").ToArbitrary(), (text, name) =>
        {
            var path = Write(name, text);
            try { FootageTruth.Read(path, 25); return true; }
            catch (LfrInputException ex) { return ex.Message.StartsWith(path, StringComparison.Ordinal) && !ex.Message.Contains('\n'); }
        }).QuickCheckThrowOnFailure();
    }
}
