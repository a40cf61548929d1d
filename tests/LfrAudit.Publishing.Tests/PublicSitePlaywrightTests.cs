using Deque.AxeCore.Playwright;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;
using LfrAudit.Testing.Browsers;
using Microsoft.Playwright;

namespace LfrAudit.Publishing.Tests;

/// <summary>
/// The public site as a member of the public reads it in Debian's Chromium, driven by Playwright: the results table on
/// the index and where it leads, the feeds it offers, every page at 320 px wide with nothing scrolling sideways but a
/// wide table's own region, the simulation banner on every page of a simulated site, and no axe-core violation.
/// </summary>
[Trait("Category", "Dates")]
public sealed class PublicSitePlaywrightTests : IAsyncLifetime
{
    private readonly string _out = Directory.CreateTempSubdirectory("lfr-site-pw-").FullName;
    private IPlaywright _pw = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _pw = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_pw);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _pw.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    /// <summary>The sample programme and one more deployment that has ended and owes its report (DEP-5, ended day 17).</summary>
    private static List<SiteEntry> Programme()
    {
        var entries = Samples.Programme();
        var owing = Samples.Planned("DEP-5", Samples.Timeline.At(17, 9), "High Street", "van-5");
        owing.PublishNotice(Samples.Timeline.At(9, 9));
        var notice = PublicNotice.Build(owing, Samples.Categories, 44, PublicationSettings.Default, owing.NoticePublishedAt!.Value, Samples.Model);
        owing.Start(Samples.Timeline.At(17, 9), new FrozenWatchlist("wl", new string('c', 64), 44, Samples.Categories));
        owing.End(Samples.Timeline.At(17, 17));
        entries.Add(new SiteEntry(owing, notice, null));
        return entries;
    }

    private async Task<IPage> Open(string relative, int width = 1280)
    {
        var page = await (await _browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 800 }, Locale = "en-GB" })).NewPageAsync();
        await page.GotoAsync(new Uri(Path.Combine(_out, relative)).AbsoluteUri);
        return page;
    }

    [Fact]
    public async Task The_index_leads_with_a_results_table_whose_rows_open_their_reports()
    {
        PublicSite.Write(_out, Programme(), PublicationSettings.Default, Samples.Now);
        var outcome = Samples.Programme()[0].Outcome!;
        var page = await Open(SitePaths.Index);

        var table = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Results of past deployments" }) });
        var headers = await table.Locator("thead th").AllInnerTextsAsync();
        Assert.Equal(["Deployment", "Date", "Watchlist size", "Faces seen", "Alerts", "False alerts", "Arrests", "Algorithm", "Threshold"], headers);
        var rows = table.Locator("tbody tr");
        Assert.Equal(1, await rows.CountAsync()); // DEP-5 owes its report: no results yet
        var cells = await rows.First.Locator("th, td").AllInnerTextsAsync();
        Assert.Equal("North End, Croydon", cells[0]);
        Assert.Equal(new[] { outcome.FacesSeen, outcome.Alerts, outcome.FalseAlerts, outcome.Arrests }.Select(n => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)),
            cells.Skip(3).Take(4));
        Assert.Equal("0.6 to 0.64", cells[8]);

        // DEP-5 ended on a Thursday: its report is due by the end of the Thursday after, not "Fri 00:00".
        var due = Samples.Timeline.Date(24).ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Outcome report due by the end of {due}", await page.InnerTextAsync("main"));
        Assert.DoesNotContain("00:00", await page.InnerTextAsync("main"));

        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help}")));

        // The row opens its report, which links back to the notice the public was given before it.
        await rows.First.Locator("a").ClickAsync();
        Assert.Equal("Outcome: live facial recognition at North End, Croydon", await page.InnerTextAsync("h1"));
        Assert.Contains("Words of advice", await page.InnerTextAsync("main"));
        Assert.Equal(outcome.FalseAlerts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await page.Locator("tr", new() { HasText = "False alerts (rejected by an officer)" }).Locator("td").InnerTextAsync());
        await page.ClickAsync("text=the notice for this deployment");
        Assert.Equal("Live facial recognition at North End, Croydon", await page.InnerTextAsync("h1"));
        Assert.StartsWith("https://www.openstreetmap.org/", await page.GetAttributeAsync("a:has-text('see it on OpenStreetMap')", "href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_index_offers_both_feeds_and_the_table_as_files_and_each_link_is_a_file_of_the_site()
    {
        PublicSite.Write(_out, Programme(), PublicationSettings.Default, Samples.Now);
        var page = await Open(SitePaths.Index);
        var atom = await page.GetAttributeAsync("a[type='application/atom+xml']", "href");
        Assert.Equal(SitePaths.AtomFeed, atom);
        foreach (var name in new[] { "Atom feed", "JSON feed", "CSV", "JSON", "calendar (iCalendar)" })
        {
            var href = await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).GetAttributeAsync("href");
            Assert.True(File.Exists(Path.Combine(_out, href!)), $"{name}: {href}");
        }
        // The browser fetches the feed the link names, and it is Atom with an entry per document (5 notices, 1 outcome).
        var response = await page.GotoAsync(new Uri(Path.Combine(_out, atom!)).AbsoluteUri);
        var text = await response!.TextAsync();
        Assert.Contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"", text);
        Assert.Equal(5, text.Split("<entry>").Length - 1);
    }

    [Fact]
    public async Task Every_page_reflows_at_320_px_and_a_simulated_site_says_so_on_every_page()
    {
        var simulated = Programme().Select(e => e with
        {
            Notice = e.Notice is null ? null : e.Notice with { DatedBySimulation = true },
            Outcome = e.Outcome is null ? null : e.Outcome with { DatedBySimulation = true },
        }).ToList();
        var written = PublicSite.Write(_out, simulated, PublicationSettings.Default, Samples.Now);
        var pages = written.Where(f => f.EndsWith(".html", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, pages.Count);
        foreach (var relative in pages)
        {
            var page = await Open(relative, width: 320);
            // WCAG 1.4.10: no sideways scrolling at 320 CSS px; a wide table scrolls inside its own focusable region.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            var widest = await page.EvaluateAsync<string>("""
                () => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
                      .map(e => e.tagName + ' ' + e.textContent.slice(0, 40)).slice(0, 3).join(' | ')
                """);
            Assert.True(overflow <= 0, $"{relative} scrolls sideways by {overflow} px at 320 px wide: {widest}");
            Assert.Contains(Pages.Layout.SimulationBanner.Text, await page.InnerTextAsync("main"));
            await page.Context.CloseAsync();
        }
        var plain = Path.Combine(_out, "plain");
        PublicSite.Write(plain, Programme(), PublicationSettings.Default, Samples.Now);
        var real = await _browser.NewPageAsync();
        await real.GotoAsync(new Uri(Path.Combine(plain, SitePaths.Index)).AbsoluteUri);
        Assert.DoesNotContain(Pages.Layout.SimulationBanner.Text, await real.InnerTextAsync("main"));
    }
}
