using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Evaluation.FieldTrials;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Tests;

/// <summary>The field-trial analysis on outcomes made to a known shape.</summary>
public sealed class FieldTrialAnalysisTests
{
    private static Dictionary<string, string> Groups(string sex, string ethnicity) => new() { ["sex"] = sex, ["ethnicity"] = ethnicity, ["set"] = "fairface" };

    // Crowd faces whose best wrong score is spread evenly; group B's run 0.1 higher, so B has more false alerts at low thresholds only.
    private static List<SearchOutcome> Crowd(int perGroup) =>
        Enumerable.Range(0, perGroup).SelectMany(i => new[]
        {
            new SearchOutcome($"a{i}", false, false, 0.25f + 0.2f * i / perGroup, Groups("female", "A")),
            new SearchOutcome($"b{i}", false, false, 0.35f + 0.2f * i / perGroup, Groups("male", "B")),
        }).ToList();

    [Fact]
    public void The_lowest_threshold_with_no_significant_group_difference_is_where_the_groups_stop_differing()
    {
        var crowd = Crowd(200);
        var mated = Enumerable.Range(0, 60).Select(i => new SearchOutcome($"w{i}", true, true, 0.5f + i / 200f, Groups(i % 2 == 0 ? "female" : "male", "A"))).ToList();
        var r = FieldTrialAnalysis.Analyse([.. crowd, .. mated], [.. crowd, .. mated], [0.5], 100, [100, 1000]);

        var fpirByEthnicity = r.Equitability.Single(v => v.Metric == "FPIR" && v.Dimension == "ethnicity");
        // Every A scores below 0.45 and every B below 0.55: above 0.55 nobody alerts; just under, B alone does.
        Assert.NotNull(fpirByEthnicity.LowestThreshold);
        Assert.InRange(fpirByEthnicity.LowestThreshold!.Value, 0.46, 0.56);
        Assert.Contains("none from", fpirByEthnicity.Statement);
        Assert.NotNull(fpirByEthnicity.DetectableDifference);
        // TPIR by sex: everyone found at 0.5 and above: no difference anywhere.
        var tpirBySex = r.Equitability.Single(v => v.Metric == "TPIR" && v.Dimension == "sex");
        Assert.Equal(FieldTrialAnalysis.DefaultSweep[0], tpirBySex.LowestThreshold);
        Assert.Contains("cannot be tested", r.Equitability.Single(v => v.Metric == "TPIR" && v.Dimension == "age_band").Statement);
        Assert.True(r.Overall.LowestThreshold >= fpirByEthnicity.LowestThreshold);

        // False alerts per faces grow with the watchlist, and the footage equals the stills when they are the same outcomes.
        var row = r.Sweep.Single(x => Math.Abs(x.Threshold - 0.4) < 1e-9);
        Assert.True(row.FalseAlerts[1].Per10k > row.FalseAlerts[0].Per10k);
        Assert.Equal(row.FootageFpir, row.StillsFpir);
        Assert.NotEmpty(row.SignificantDifferences);
        Assert.Contains(r.Groups, g => g.Metric == "FPIR" && g.Group == "fairface: B" && g.Threshold == 0.5);
    }

    [Fact]
    public void Small_groups_can_only_show_large_differences()
    {
        var small = FieldTrialAnalysis.Analyse(Crowd(25), [], [0.5], 100, [100]);
        var large = FieldTrialAnalysis.Analyse(Crowd(400), [], [0.5], 100, [100]);
        double Mdd(FieldTrialReport r) => r.Equitability.Single(v => v.Metric == "FPIR" && v.Dimension == "sex").DetectableDifference!.Value;
        Assert.True(Mdd(small) > 2 * Mdd(large), $"{Mdd(small)} against {Mdd(large)}");
    }

    [Fact]
    public void Scaling_FPIR_to_another_watchlist_is_monotone_and_the_identity_at_the_same_size()
    {
        Prop.ForAll(Gen.Choose(0, 1000).ToArbitrary(), Gen.Choose(1, 5000).ToArbitrary(), Gen.Choose(1, 5000).ToArbitrary(), (k, measured, size) =>
        {
            double f = k / 1000.0;
            double same = FieldTrialAnalysis.Scale(f, measured, measured), scaled = FieldTrialAnalysis.Scale(f, measured, size), larger = FieldTrialAnalysis.Scale(f, measured, size + 1);
            return Math.Abs(same - f) < 1e-9 && scaled is >= 0 and <= 1 && larger >= scaled - 1e-12;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_group_plot_with_no_group_of_enough_searches_is_not_drawn_and_the_list_of_plots_says_so()
    {
        var folder = Directory.CreateTempSubdirectory("lfr-plots-").FullName;
        try
        {
            // Crowd faces labelled by ethnicity; the watchlisted people's appearances carry no sex label at all.
            var mated = Enumerable.Range(0, 60).Select(i => new SearchOutcome($"w{i}", true, true, 0.5f + i / 200f, new Dictionary<string, string>())).ToList();
            var footage = Crowd(60).Concat(mated).ToList();
            File.WriteAllText(Path.Combine(folder, FieldTrials.FieldTrialPlots.TpirByGroup), "left from an earlier run");
            var written = FieldTrials.FieldTrialPlots.Write(folder, FieldTrialAnalysis.Analyse(footage, footage, [0.5], 100, [100]), footage, footage, 0.5);
            Assert.Equal([FieldTrials.FieldTrialPlots.Rates, FieldTrials.FieldTrialPlots.Det, FieldTrials.FieldTrialPlots.FpirByGroup], written);
            Assert.False(File.Exists(Path.Combine(folder, FieldTrials.FieldTrialPlots.TpirByGroup)));
            Assert.All(written, f => Assert.True(new FileInfo(Path.Combine(folder, f)).Length > 1000));
            Assert.All(written, f => System.Xml.Linq.XDocument.Load(Path.ChangeExtension(Path.Combine(folder, f), ".svg")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void The_forest_plot_sets_footage_beside_stills_for_each_group_on_a_log_axis_leaving_out_a_group_with_no_false_alert()
    {
        var folder = Directory.CreateTempSubdirectory("lfr-plots-").FullName;
        try
        {
            // At 0.5 no crowd face of A alerts (all below 0.45) and some of B do (up to 0.55): B has a place on a log axis, A none.
            var footage = Crowd(60);
            var stills = Crowd(40);
            FieldTrials.FieldTrialPlots.Write(folder, FieldTrialAnalysis.Analyse(footage, stills, [0.5], 100, [100]), footage, stills, 0.5);
            var rows = File.ReadAllLines(Path.Combine(folder, "field-trial-fpir-by-group.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(["footage (per appearance)", "the same people's stills"], rows.Select(r => r[0]).Distinct());
            // Each series: "all", sex male and ethnicity B (the men of B), as log10 of a rate between 0 and 1 (exclusive); no row for A.
            Assert.All(rows.GroupBy(r => r[0]), g => Assert.Equal(3, g.Count()));
            Assert.All(rows, r => Assert.InRange(double.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), -6, -1e-9));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
