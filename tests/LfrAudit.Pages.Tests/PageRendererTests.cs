using System.Net;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Pages.Layout;
using LfrAudit.Pages.Shared;
using Microsoft.AspNetCore.Components;

namespace LfrAudit.Pages.Tests;

/// <summary>The one layout and the shared components: what they say, and that whatever text they are given is encoded.</summary>
[Trait("Category", "Unit")]
public sealed class PageRendererTests
{
    private static readonly string[] Hostile =
        ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</title><h1>x", "a & b", "'; --", "</style>", "\u001b[31mred", "<!--", "]]>"];

    private static string Page(string title, string text, bool simulated = false, string? home = null) =>
        PageRenderer.Render<PageLayout>(new Dictionary<string, object?>
        {
            [nameof(PageLayout.Title)] = title,
            [nameof(PageLayout.Simulated)] = simulated,
            [nameof(PageLayout.HomeHref)] = home,
            [nameof(PageLayout.ChildContent)] = (RenderFragment)(b => b.AddContent(0, text)),
        });

    [Fact]
    public void A_page_has_the_head_the_one_style_sheet_and_its_content()
    {
        var html = Page("Accuracy — 95 % × 2", "Every figure");
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"en-GB\">", html);
        Assert.Contains("<title>Accuracy — 95 % × 2</title>", html);
        Assert.Equal(1, html.Split("<style>").Length - 1);
        Assert.Contains("@media print", html);
        Assert.Contains("<main id=\"content\">", html);
        Assert.Contains("Every figure", html);
        Assert.DoesNotContain("Skip to content", html);
        Assert.DoesNotContain(SimulationBanner.Text, html);
    }

    [Fact]
    public void The_simulation_banner_and_the_masthead_appear_when_asked()
    {
        var html = Page("t", "x", simulated: true, home: "#content");
        Assert.Contains($"<p class=\"note late\" role=\"note\">{SimulationBanner.Text}</p>", html);
        Assert.Contains("<a class=\"skip\" href=\"#content\">Skip to content</a>", html);
    }

    [Fact]
    public void Tables_and_definition_lists_keep_their_order_captions_and_scopes()
    {
        var table = PageRenderer.Render<FiguresTable>(new Dictionary<string, object?>
        {
            [nameof(FiguresTable.Caption)] = "Rates",
            [nameof(FiguresTable.Columns)] = new[] { "Metric", "Rate" },
            [nameof(FiguresTable.Rows)] = new[] { new[] { "TPIR", "90 %" }, new[] { "FPIR", "0.1 %" } },
        });
        Assert.Equal("<table><caption>Rates</caption><thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">Rate</th></tr></thead><tbody>"
            + "<tr><th scope=\"row\">TPIR</th><td>90 %</td></tr><tr><th scope=\"row\">FPIR</th><td>0.1 %</td></tr></tbody></table>", Collapse(table));
        var list = PageRenderer.Render<DefinitionList>(new Dictionary<string, object?>
        {
            [nameof(DefinitionList.Items)] = new Dictionary<string, string> { ["model"] = "edgeface", ["seed"] = "7" },
        });
        Assert.Equal("<dl><dt>model</dt><dd>edgeface</dd><dt>seed</dt><dd>7</dd></dl>", Collapse(list));
    }

    [Fact]
    public void Any_text_in_a_title_a_cell_a_term_or_the_content_is_encoded_and_reads_back_unchanged()
    {
        var texts = from hostile in Gen.Elements(Hostile)
                    from prefix in Gen.Elements("", "Deployment ", "é ")
                    select prefix + hostile;
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            var page = Page(text, text);
            var table = PageRenderer.Render<FiguresTable>(new Dictionary<string, object?>
            {
                [nameof(FiguresTable.Caption)] = text,
                [nameof(FiguresTable.Columns)] = new[] { text },
                [nameof(FiguresTable.Rows)] = new[] { new[] { text, text } },
            });
            var list = PageRenderer.Render<DefinitionList>(new Dictionary<string, object?>
                { [nameof(DefinitionList.Items)] = new Dictionary<string, string> { [text] = text } });
            foreach (var html in new[] { page, table, list })
            {
                Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("</title><h1>", html, StringComparison.Ordinal);
                Assert.DoesNotContain('\u001b', html);
            }
            Assert.Contains($"<title>{Encode(text)}</title>", page);
            Assert.Equal(text, WebUtility.HtmlDecode(Between(page, "<title>", "</title>")));
            Assert.Equal(text, WebUtility.HtmlDecode(Between(list, "<dd>", "</dd>")));
            Assert.Equal(text, WebUtility.HtmlDecode(Between(table, "<td>", "</td>")));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Fact]
    public void Renders_from_many_threads_at_once_are_each_whole()
    {
        var pages = Enumerable.Range(0, 32).AsParallel().Select(i => (i, Html: Page($"page {i}", $"content {i}"))).ToList();
        Assert.All(pages, p => Assert.Contains($"<title>page {p.i}</title>", p.Html));
        Assert.All(pages, p => Assert.Contains($"content {p.i}", p.Html));
    }

    private static string Encode(string s) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(s);
    private static string Between(string s, string from, string to)
    {
        var start = s.IndexOf(from, StringComparison.Ordinal) + from.Length;
        return s[start..s.IndexOf(to, start, StringComparison.Ordinal)];
    }
    [Fact]
    public void The_style_sheets_policy_source_is_the_hash_of_the_style_sheet_every_page_carries()
    {
        // A policy naming this source lets a browser apply the page's style sheet and no other inline style: the hash
        // must be of the text between the tags exactly as a page carries it, or the page would show unstyled.
        var page = Page("A page", "its text");
        var css = page[(page.IndexOf("<style>", StringComparison.Ordinal) + "<style>".Length)..page.IndexOf("</style>", StringComparison.Ordinal)];
        Assert.Contains("font-family", css);
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(css)));
        Assert.Equal($"'sha256-{hash}'", StyleSheet.PolicySource);
        Assert.NotEqual(StyleSheet.PolicySource, $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(css.Trim())))}'");
    }

    private static string Collapse(string html) => System.Text.RegularExpressions.Regex.Replace(html, @">\s+<", "><").Trim();
}
