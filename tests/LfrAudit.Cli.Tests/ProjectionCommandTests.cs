using System.Text.Json;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>lfr evaluate project: planning figures from an evaluation report (a small hand-made one here).</summary>
public class ProjectionCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Report()
    {
        static object Figure(string metric, double t, long x, long n) => new
        {
            metric, dimension = "all", group = "all", threshold = t, successes = x, trials = n, rate = x / (double)n,
            wilson_lower = (double?)null, wilson_upper = (double?)null, bootstrap_lower = (double?)null, bootstrap_upper = (double?)null, not_enough_data = (string?)null,
        };
        var report = new
        {
            provenance = new Dictionary<string, string> { ["seed"] = "1" },
            counts = new Dictionary<string, long> { ["enrolled_identities"] = 500, ["mated_searches"] = 1000, ["non_mated_searches"] = 6000 },
            supported = Array.Empty<string>(),
            figures = new[] { Figure("FPIR", 0.5, 12, 6000), Figure("TPIR", 0.5, 900, 1000), Figure("FPIR", 0.6, 1, 6000), Figure("TPIR", 0.6, 800, 1000) },
            comparisons = Array.Empty<object>(), target_thresholds = Array.Empty<object>(), problems = Array.Empty<string>(),
        };
        File.WriteAllText(_dir["report.json"], JsonSerializer.Serialize(report));
        return _dir["report.json"];
    }

    [Fact]
    public async Task Projects_each_measured_threshold_for_the_planned_watchlist_and_footfall()
    {
        var r = await Lfr.Run("evaluate", "project", "--report", Report(), "--footfall", "20000", "--watchlist-size", "5000", "--watchlisted-per-100k", "10", "--json");
        Assert.True(r.Exit == 0, r.ToString());
        var p = JsonDocument.Parse(r.Out).RootElement.GetProperty("projections").EnumerateArray().ToList();
        Assert.Equal([0.5, 0.6], p.Select(x => x.GetProperty("threshold").GetDouble()));
        // 12/6000 against 500 entries, scaled to 5,000: 1 − (1 − 0.002)^10.
        Assert.Equal(1 - Math.Pow(1 - 0.002, 10), p[0].GetProperty("fpir_at_watchlist_size").GetDouble(), 9);
        Assert.True(p[1].GetProperty("false_alerts").GetProperty("mean").GetDouble() < p[0].GetProperty("false_alerts").GetProperty("mean").GetDouble());
        Assert.Equal(2 * 0.9, p[0].GetProperty("true_alerts").GetProperty("mean").GetDouble(), 9);

        var one = await Lfr.Run("evaluate", "project", "--report", Report(), "--footfall", "20000", "--watchlist-size", "5000", "--threshold", "0.58");
        Assert.True(one.Exit == 0, one.ToString());
        Assert.Contains("0.60", one.Out);
        Assert.DoesNotContain("0.50", one.Out);
    }

    [Theory]
    [InlineData("{", "not an evaluation report")]
    [InlineData("{\"figures\": [], \"counts\": {\"enrolled_identities\": 10}}", "no overall FPIR and TPIR")]
    [InlineData("{\"figures\": []}", "not an evaluation report from 'lfr evaluate images'")]
    public async Task A_report_that_is_not_one_is_a_clear_error(string text, string expected)
    {
        File.WriteAllText(_dir["bad.json"], text);
        var r = await Lfr.Run("evaluate", "project", "--report", _dir["bad.json"], "--footfall", "100", "--watchlist-size", "10");
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        Assert.Contains(expected, r.Error);
    }
}
