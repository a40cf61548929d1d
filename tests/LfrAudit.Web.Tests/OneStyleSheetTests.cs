using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace LfrAudit.Web.Tests;

/// <summary>
/// Every page of the console has the one style sheet: the pages the server renders carry it inline, allowed by its hash
/// and no other inline style; the alert desk (a static page) links the same text served as a file.
/// </summary>
public sealed partial class OneStyleSheetTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task The_sign_in_page_s_inline_style_sheet_is_the_one_the_policy_allows_by_hash_and_the_file_served()
    {
        using var browser = console.Browser();
        var answer = await browser.GetAsync("/login");
        var page = await answer.Content.ReadAsStringAsync();
        var inline = Assert.Single(StyleElement().Matches(page)).Groups[1].Value;
        var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}'";

        var policy = answer.Headers.GetValues("Content-Security-Policy").Single();
        var styleSources = policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("style-src ", StringComparison.Ordinal));
        Assert.Equal($"style-src 'self' {hash}", styleSources);
        Assert.DoesNotContain("unsafe-inline", policy);

        Assert.Equal(inline, await browser.GetStringAsync("/style.css"));
    }

    [Fact]
    public async Task The_alert_desk_links_the_shared_style_sheet_before_its_own_layout()
    {
        using var browser = console.Browser();
        await Browsers.SignIn(browser, "op.one", ConsoleFactory.Password);
        var desk = await browser.GetStringAsync("/");
        int shared = desk.IndexOf("href=\"/style.css\"", StringComparison.Ordinal), own = desk.IndexOf("href=\"/console.css\"", StringComparison.Ordinal);
        Assert.True(shared >= 0 && own > shared, "the desk links /style.css, then /console.css");
        Assert.DoesNotContain("<style", desk, StringComparison.Ordinal);
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
