using System.Net;
using System.Text;

namespace LfrAudit.Publishing.Rendering;

/// <summary>
/// Plain, accessible, printable HTML: one page, no scripts, no external resources, British English, a skip
/// link, real headings, definition lists for facts and tables with captions and header scopes.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _b = new();

    public static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public Html Raw(string s) { _b.Append(s); return this; }
    public Html Line(string s) { _b.Append(s).Append('\n'); return this; }
    public Html H(int level, string text) => Line($"<h{level}>{E(text)}</h{level}>");
    public Html P(string text) => Line($"<p>{E(text)}</p>");

    public Html Facts(params (string Term, string Value)[] facts)
    {
        Line("<dl class=\"facts\">");
        foreach (var (t, v) in facts) Line($"  <dt>{E(t)}</dt><dd>{E(v)}</dd>");
        return Line("</dl>");
    }

    public Html Table(string caption, string[] headers, IEnumerable<string[]> rows)
    {
        Line("<table>").Line($"  <caption>{E(caption)}</caption>");
        Line("  <thead><tr>" + string.Concat(headers.Select(h => $"<th scope=\"col\">{E(h)}</th>")) + "</tr></thead>");
        Line("  <tbody>");
        foreach (var r in rows) Line("    <tr>" + string.Concat(r.Select((c, i) => i == 0 ? $"<th scope=\"row\">{c}</th>" : $"<td>{c}</td>")) + "</tr>");
        return Line("  </tbody>").Line("</table>");
    }

    public static string Link(string href, string text) => $"<a href=\"{E(href)}\">{E(text)}</a>";

    public static string Page(string title, string body, string homeHref) => $$"""
        <!doctype html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}}</title>
        <style>
          body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; line-height: 1.5; color: #0b0c0c; background: #fff; margin: 0; }
          main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
          a { color: #1d4f91; } a:focus { outline: 3px solid #fd0; background: #fd0; color: #0b0c0c; }
          .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; }
          header { background: #0b0c0c; color: #fff; padding: .75rem 1.25rem; } header a { color: #fff; }
          dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
          dt { font-weight: 700; } dd { margin: 0; }
          table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
          caption { text-align: left; font-weight: 700; padding: .25rem 0; }
          th, td { border: 1px solid #b1b4b6; padding: .35rem .5rem; text-align: left; vertical-align: top; }
          .late { color: #a4000f; font-weight: 700; } .ontime { color: #00703c; font-weight: 700; }
          .note { border-left: 6px solid #1d70b8; padding: .5rem 1rem; background: #f3f2f1; }
          @media print { header, .skip, nav { display: none; } a { color: #000; text-decoration: none; } main { max-width: none; } }
        </style>
        </head>
        <body>
        <a class="skip" href="#content">Skip to content</a>
        <header><a href="{{E(homeHref)}}">Live facial recognition deployments</a></header>
        <main id="content">
        {{body}}
        </main>
        </body>
        </html>
        """;

    public override string ToString() => _b.ToString();
}
