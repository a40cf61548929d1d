using System.Net;
using System.Text.RegularExpressions;
using LfrAudit.Evaluation.FieldTrials;
using LfrAudit.Evaluation.Statistics;
using LfrAudit.Scenarios.Simulation;

namespace LfrAudit.Scenarios.Tests;

/// <summary>The programme report's page: every deployment's figures, the flags, the field-trial tables and the plots, and its text encoded.</summary>
[Trait("Category", "Unit")]
public sealed class ProgrammeReportPageTests
{
    private static DeploymentFigures Deployment(string id, string location, bool noticeOnTime, int observedFalse) =>
        new(id, location, "2027-01-14", 2, 30, 0.6, 40, 38, 1200, 12, 5400, 9, 7, 2, 0, 6, 6, 6, 1, 1, 1, 3, noticeOnTime, true,
            new ProjectionCheck(0.001, 1.2, 0, 3, observedFalse, 7.5, 7));

    private static ProgrammeReport Report(string scenario, string location)
    {
        var verdict = new EquitabilityVerdict("FPIR", "sex", 2, 0.6, 0.05, $"No significant difference by sex from 0.60 ({location})");
        var trial = new FieldTrialReport(1200, 12, 1188, [0.6],
            [new ThresholdRow(0.6, new Proportion(7, 12), new Proportion(2, 1188), new Proportion(10, 12), new Proportion(1, 1188),
                [new FalseAlertsPerFaces(40, 16.84, 168.4)], [])],
            [new GroupFigure("TPIR", "sex", "female", 0.6, 3, 6, 0.5, 0.19, 0.81, false)],
            [verdict], verdict with { Statement = "Overall: no significant difference" });
        return new ProgrammeReport(scenario, 7, 0.05, [Deployment("DEP-1", location, true, 2), Deployment("DEP-2", "Croydon", false, 9)], 4, 1, trial,
            "programme-report.json", "programme-report.html", [FieldTrialPlots.Rates, FieldTrialPlots.Det, FieldTrialPlots.FpirByGroup],
            [new LocationScene(location, "videos/arcade.mp4", 0.58, 0.23)]) { OperatingThreshold = 0.6 };
    }

    [Fact]
    public void Every_deployment_its_flags_the_field_trial_tables_and_the_plots_are_on_the_page()
    {
        var html = ProgrammeReportPage.Render(Report("two-days", "High Street"));
        Assert.Contains("<title>Programme report: two-days</title>", html);
        Assert.Contains("<caption>Each deployment against its truth</caption>", html);
        Assert.Contains("<th scope=\"row\">DEP-1</th><td>2027-01-14</td><td>High Street</td><td>0.60</td><td>38 of 40</td><td>1200 (12)</td><td>7 / 2</td><td>6 / 6</td><td>2</td><td>3</td>", html);
        // DEP-2: notice late, false alerts outside the projection's range; DEP-1 neither.
        var dep2 = Regex.Match(html, "<th scope=\"row\">DEP-2</th>.*?</tr>").Value;
        Assert.Contains("<td><span class=\"bad\">no</span> / yes</td><td class=\"bad\">9 of 1.2 (0–3)</td>", dep2);
        var dep1 = Regex.Match(html, "<th scope=\"row\">DEP-1</th><td>2027.*?</tr>").Value;
        Assert.DoesNotContain("bad", dep1);
        Assert.Contains("<td>yes / yes</td><td>2 of 1.2 (0–3)</td>", dep1);
        Assert.Contains("2,400 people walked past; 18 alerts, 14 true and 4 false; 4 operator decisions went wrong; 1 of 2 deployments", html);
        Assert.Contains("<li><strong>Overall: no significant difference</strong></li>", html);
        Assert.Contains("<th scope=\"row\">TPIR</th><td>0.60</td><td>sex</td><td>female</td><td>50.0 %</td><td>3/6 (too few to compare)</td><td>19.0 %–81.0 %</td>", html);
        Assert.Contains("<td>W=40: 16.8 / 168</td><td>none</td>", html);
        // Which scene each location's crowd walked in, and where its floor was taken to be.
        Assert.Contains("<th scope=\"row\">High Street</th><td>videos/arcade.mp4</td><td>0.58</td><td>0.81</td>", html);
        foreach (var png in new[] { FieldTrialPlots.Rates, FieldTrialPlots.Det, FieldTrialPlots.FpirByGroup })
            Assert.Matches($"<figure><img src=\"{Regex.Escape(png)}\" alt=\"[^\"]+\" width=\"900\" ?/?><figcaption>", html);
        Assert.Contains("alt=\"DET: FNIR against FPIR on log axes, footage beside the same people&#x27;s stills, each marked at threshold 0.60\"", html);
        // A plot that was not drawn (no group had enough searches) is said so, never shown as an empty chart.
        Assert.DoesNotContain($"src=\"{FieldTrialPlots.TpirByGroup}\"", html);
        Assert.Contains("Not drawn: TPIR per watchlisted appearance by group at threshold 0.60, footage beside stills, with 95 % intervals. No labelled group had enough searches to compare.", html);
    }

    [Fact]
    public void The_page_leads_with_its_findings_then_figures_then_deployments_with_the_long_tables_folded()
    {
        var html = ProgrammeReportPage.Render(Report("two-days", "High Street"));
        int At(string marker)
        {
            int i = html.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(i >= 0, $"missing: {marker}");
            return i;
        }
        Assert.True(At("<h2 id=\"findings\">Findings</h2>") < At("<h2>Figures</h2>"));
        Assert.True(At("<h2>Figures</h2>") < At("<caption>Each deployment against its truth</caption>"));
        Assert.True(At("<caption>Each deployment against its truth</caption>") < At("<h2>What the simulator does not model</h2>"));
        // The findings are the report's own figures, in words.
        var findings = Regex.Match(html, "<h2 id=\"findings\">Findings</h2>(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("2 deployments at 2 places: 2,400 people walked past the cameras, 24 of them on a watchlist.", findings);
        Assert.Contains("The system raised 18 alerts: 14 for the person who was there and 4 for someone else (1.67 false alerts for every 1,000 people who walked past).", findings);
        Assert.Contains("It found 12 of the 24 watchlisted people who walked past (50 %) and missed 12.", findings);
        Assert.Contains("Overall: no significant difference.", findings);
        Assert.Contains("1 notice and 0 outcome reports missed their deadlines.", findings);
        // The long tables are folded: each inside a details element, after its summary.
        foreach (var caption in new[] { "Rates by group at the operational thresholds (95 % Wilson intervals)", "Each deployment&#x27;s counts" })
            Assert.Matches($"<details>\\s*<summary>[^<]+</summary>\\s*(<div class=\"wide\"[^>]*>)?<table[^>]*>\\s*<caption>{Regex.Escape(caption)}", html);
        var text = WebUtility.HtmlDecode(html); // Razor and WebUtility encode an apostrophe differently
        foreach (var limit in SimulatorLimits.NotModelled)
            Assert.Contains(limit, text);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    [InlineData("</title><h1>forged")]
    public void A_scenario_or_location_name_is_text_whatever_it_holds(string hostile)
    {
        var html = ProgrammeReportPage.Render(Report(hostile, hostile));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<h1>forged", html, StringComparison.Ordinal);
        Assert.Equal("Programme report: " + hostile, WebUtility.HtmlDecode(Regex.Match(html, "<title>(.*?)</title>").Groups[1].Value));
        Assert.Equal(hostile, WebUtility.HtmlDecode(Regex.Match(html, "<th scope=\"row\">DEP-1</th><td>[^<]*</td><td>([^<]*)</td>").Groups[1].Value));
    }
}
