using System.Globalization;
using System.Net;
using System.Text;

namespace LfrAudit.Evaluation.Reports;

/// <summary>The evaluation report for people: what was measured, on what, with what certainty, in one page.</summary>
public static class EvaluationHtml
{
    // HTML-encoded, and control characters (from a labels file) shown as escapes: the page is read in terminals too.
    private static string E(string? s) => WebUtility.HtmlEncode(Core.Inputs.SafeText.Escape(s ?? ""));
    private static string P(double? v) => v is { } x ? (x * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Render(EvaluationReport r, double threshold)
    {
        var b = new StringBuilder();
        b.Append("<h1>Accuracy and demographic differences</h1>\n");
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">At threshold {threshold:0.###}: {r.Counts["mated_searches"]:N0} mated and {r.Counts["non_mated_searches"]:N0} non-mated searches by {r.Counts["people"]:N0} people; {r.Counts["enrolled_identities"]:N0} identities enrolled.</p>\n");
        b.Append("<h2>What this data can and cannot show</h2>\n<ul>");
        foreach (var s in r.Supported.Where(s => !s.Contains('×'))) b.Append("<li>").Append(E(s)).Append("</li>");
        b.Append("</ul>\n<h2>Rates at the operational threshold</h2>\n");
        b.Append("<table><caption>Each rate with its count, a 95 % Wilson interval and a 95 % interval from resampling people</caption>");
        b.Append("<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">Group</th><th scope=\"col\">Rate</th><th scope=\"col\">Count</th><th scope=\"col\">95 % Wilson</th><th scope=\"col\">95 % by person</th></tr></thead><tbody>\n");
        foreach (var f in r.Figures.Where(f => Math.Abs(f.Threshold - threshold) < 1e-9 && f.Metric != "FNIR"))
            b.Append(CultureInfo.InvariantCulture,
                $"<tr><th scope=\"row\">{f.Metric}</th><td>{E(f.Dimension == "all" ? "all" : $"{f.Dimension}: {f.Group}")}</td><td>{(f.NotEnoughData is { } why ? E(why) : P(f.Rate))}</td><td>{f.Successes}/{f.Trials}</td><td>{(f.WilsonLower is null ? "—" : $"{P(f.WilsonLower)} – {P(f.WilsonUpper)}")}</td><td>{(f.BootstrapLower is null ? "—" : $"{P(f.BootstrapLower)} – {P(f.BootstrapUpper)}")}</td></tr>\n");
        b.Append("</tbody></table>\n<h2>Are the groups different?</h2>\n<p>Fisher's exact test for each pair of groups, adjusted for the number of comparisons (Holm).</p>\n<ul>");
        foreach (var c in r.Comparisons.Where(c => !c.Dimension.Contains('×')))
            b.Append(c.Significant ? "<li class=\"late\">" : "<li>").Append(E(c.Verdict)).Append("</li>");
        b.Append("</ul>\n<h2>Threshold needed for a target false positive rate</h2>\n<ul>");
        foreach (var t in r.TargetThresholds)
            b.Append(CultureInfo.InvariantCulture, $"<li>FPIR at most {E(t.Target)}, {E(t.Dimension == "all" ? "all searches" : $"{t.Dimension} {t.Group}")}: {(t.Threshold is { } th ? th.ToString("0.00", CultureInfo.InvariantCulture) : E(t.Note))}</li>");
        b.Append("</ul>\n<h2>Figures</h2>\n");
        foreach (var (png, alt) in new[]
                 {
                     (EvaluationPlots.Det, "DET curves: FNIR against FPIR on log scales, overall and by sex"),
                     (EvaluationPlots.Scores, "Distributions of the top score of mated and non-mated searches, overall and by sex"),
                     (EvaluationPlots.Rates, "TPIR and FPIR against threshold with 95 % intervals"),
                 })
            b.Append(CultureInfo.InvariantCulture, $"<figure><img src=\"{png}\" alt=\"{E(alt)}\" width=\"800\" height=\"560\"><figcaption>{E(alt)}</figcaption></figure>\n");
        b.Append("<h2>Reproduce it</h2>\n<dl>");
        foreach (var (k, v) in r.Provenance) b.Append("<dt>").Append(E(k)).Append("</dt><dd>").Append(E(v)).Append("</dd>");
        b.Append("</dl>\n<p>Every figure is also in <a href=\"report.json\">report.json</a> and <a href=\"report.csv\">report.csv</a>.</p>\n");
        if (r.Problems.Count > 0) b.Append(CultureInfo.InvariantCulture, $"<p>{r.Problems.Count} images could not be read; the first: {E(r.Problems[0])}</p>\n");

        return $$"""
            <!doctype html>
            <html lang="en-GB">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Accuracy and demographic differences</title>
            <style>
              body { font-family: system-ui, Arial, sans-serif; line-height: 1.45; color: #0b0c0c; margin: 0; }
              main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
              table { border-collapse: collapse; width: 100%; } caption { text-align: left; font-weight: 700; }
              th, td { border: 1px solid #b1b4b6; padding: .3rem .45rem; text-align: left; }
              .note { border-left: 6px solid #1d70b8; padding: .5rem 1rem; background: #f3f2f1; } .late { color: #a4000f; font-weight: 700; }
              dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: 700; } dd { margin: 0; word-break: break-all; }
              img { max-width: 100%; height: auto; }
            </style></head>
            <body><main>
            {{b}}
            </main></body></html>
            """;
    }
}
