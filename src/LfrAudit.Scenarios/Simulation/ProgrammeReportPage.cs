using System.Globalization;
using System.Net;
using System.Text;
using LfrAudit.Evaluation.FieldTrials;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>The programme report for people: one plain page, tables with captions, the plots beside it.</summary>
public static class ProgrammeReportPage
{
    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
    private static string Pct(double? v) => v is { } x && double.IsFinite(x) ? (x * 100).ToString("0.0#", CultureInfo.InvariantCulture) + " %" : "—";
    private static string Rate(Proportion p) => p.HasData ? $"{Pct(p.Rate)} ({p.Successes}/{p.Trials}; {Pct(p.Wilson95!.Value.Lower)}–{Pct(p.Wilson95!.Value.Upper)})" : "—";

    public static string Render(ProgrammeReport r)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Programme report: {{E(r.Scenario)}}</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:right}th[scope=row]{text-align:left}caption{text-align:left;font-weight:bold}.bad{color:#a00}img{max-width:100%;height:auto}.wide{overflow-x:auto}</style>
            </head><body><main>
            <h1>Programme report: {{E(r.Scenario)}}</h1>
            <p>Simulated with seed {{r.Seed}}; operators wrong in {{Pct(r.OperatorErrorRate)}} of decisions by design. Every figure is set against the footage's truth: who walked past each camera, frame by frame.</p>
            <p>{{r.Passers:N0}} people walked past; {{r.Alerts:N0}} alerts, {{r.TrueAlerts:N0}} true and {{r.FalseAlerts:N0}} false; {{r.OperatorErrors:N0}} operator decisions went wrong; {{r.ProjectionsWithin}} of {{r.Deployments.Count}} deployments had the false alerts their projection gave (95 % range); {{r.EvidenceStillHeld}} alerts' evidence still held at the close.</p>
            """);
        b.Append("<div class=\"wide\"><table><caption>Each deployment against its truth</caption><thead><tr>");
        foreach (var h in new[] { "Deployment", "Date", "Location", "Threshold", "Watchlist enrolled", "Passers", "On watchlist", "Faces seen", "Alerts", "True", "False", "Watchlisted alerted", "Missed", "Confirmed right / wrong", "Rejected right / wrong", "Arrests", "Notice on time", "Outcome on time", "False alerts projected (95 %)" })
            b.Append("<th scope=\"col\">").Append(E(h)).Append("</th>");
        b.Append("</tr></thead><tbody>\n");
        foreach (var d in r.Deployments)
            b.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(d.Id)}</th><td>{d.Date}</td><td>{E(d.Location)}</td><td>{d.Threshold:0.00}</td><td>{d.WatchlistEnrolled} of {d.WatchlistSize}</td><td>{d.Passers}</td><td>{d.WatchlistedPassers}</td><td>{d.FacesSeen}</td><td>{d.Alerts}</td><td>{d.TrueAlerts}</td><td>{d.FalseAlerts}</td><td>{d.WatchlistedAlerted}</td><td>{d.WatchlistedMissed}</td><td>{d.ConfirmedRightly} / {d.ConfirmedWrongly}</td><td>{d.RejectedRightly} / {d.RejectedWrongly}</td><td>{d.Arrests}</td><td>{(d.NoticeOnTime ? "yes" : "<span class=bad>no</span>")}</td><td>{(d.OutcomeOnTime ? "yes" : "<span class=bad>no</span>")}</td><td{(d.Projection.Within ? "" : " class=bad")}>{d.Projection.ObservedFalseAlerts} of {d.Projection.ExpectedFalseAlerts:0.0} ({d.Projection.Low}–{d.Projection.High})</td></tr>\n");
        b.Append("</tbody></table></div>\n");

        var t = r.FieldTrial;
        b.Append(CultureInfo.InvariantCulture, $"<h2>Field-trial analysis</h2>\n<p>{t.Appearances:N0} appearances: {t.WatchlistedAppearances:N0} of people on the watchlist, {t.CrowdAppearances:N0} crowd faces. TPIR counts a watchlisted person walking past as found when the right entry was the top candidate at the threshold at least once; FPIR counts a crowd face as a false alert when any search of theirs had a top candidate at the threshold.</p>\n<h3>Equitability</h3>\n<ul>");
        b.Append("<li><strong>").Append(E(t.Overall.Statement)).Append("</strong></li>");
        foreach (var v in t.Equitability) b.Append("<li>").Append(E(v.Statement)).Append("</li>");
        b.Append("</ul>\n<table><caption>Rates by group at the operational thresholds (95 % Wilson intervals)</caption><thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">Threshold</th><th scope=\"col\">Dimension</th><th scope=\"col\">Group</th><th scope=\"col\">Rate</th><th scope=\"col\">Count</th><th scope=\"col\">95 %</th></tr></thead><tbody>\n");
        foreach (var g in t.Groups)
            b.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{g.Metric}</th><td>{g.Threshold:0.00}</td><td>{E(g.Dimension)}</td><td>{E(g.Group)}</td><td>{Pct(g.Rate)}</td><td>{g.Successes}/{g.Trials}{(g.Enough ? "" : " (too few to compare)")}</td><td>{Pct(g.Low)}–{Pct(g.High)}</td></tr>\n");
        b.Append("</tbody></table>\n<table><caption>Footage against the same people's stills, and false alerts to expect per crowd faces for each watchlist size in use</caption><thead><tr><th scope=\"col\">Threshold</th><th scope=\"col\">TPIR footage</th><th scope=\"col\">TPIR stills</th><th scope=\"col\">FPIR footage</th><th scope=\"col\">FPIR stills</th><th scope=\"col\">False alerts per 10,000 / 100,000 faces</th><th scope=\"col\">Significant group differences</th></tr></thead><tbody>\n");
        foreach (var row in t.Sweep)
            b.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{row.Threshold:0.00}</th><td>{Rate(row.FootageTpir)}</td><td>{Rate(row.StillsTpir)}</td><td>{Rate(row.FootageFpir)}</td><td>{Rate(row.StillsFpir)}</td><td>{E(string.Join("; ", row.FalseAlerts.Select(f => $"W={f.WatchlistSize}: {f.Per10k:0.#} / {f.Per100k:0}")))}</td><td>{(row.SignificantDifferences.Count == 0 ? "none" : E(string.Join("; ", row.SignificantDifferences)))}</td></tr>\n");
        b.Append("</tbody></table>\n<h2>Figures</h2>\n");
        foreach (var (png, alt) in new[]
                 {
                     (FieldTrialPlots.Rates, "TPIR and FPIR against threshold: footage with 95 % intervals, and the same people's stills"),
                     (FieldTrialPlots.FpirByGroup, "FPIR per crowd face against threshold, by ethnicity within each labelled set"),
                     (FieldTrialPlots.TpirByGroup, "TPIR per watchlisted appearance against threshold, by sex"),
                 })
            b.Append(CultureInfo.InvariantCulture, $"<figure><img src=\"{png}\" alt=\"{E(alt)}\" width=\"900\" height=\"560\"><figcaption>{E(alt)}</figcaption></figure>\n");
        b.Append("</main></body></html>\n");
        return b.ToString();
    }
}
