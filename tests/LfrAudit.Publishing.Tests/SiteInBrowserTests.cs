using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using LfrAudit.Governance.Calendar;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Publishing.Tests;

/// <summary>
/// The generated site opened in a real headless Chromium (Debian's package, installed by scripts/setup.sh):
/// every page renders with the content it must carry, and every link on it resolves to a file of the site.
/// </summary>
[Trait("Category", "Dates")]
public partial class SiteInBrowserTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("lfr-site-").FullName;
    private readonly string _profile = Directory.CreateTempSubdirectory("lfr-chromium-").FullName;

    public void Dispose()
    {
        Directory.Delete(_out, recursive: true);
        Directory.Delete(_profile, recursive: true);
    }

    // The same browser every browser test drives (LFR_CHROMIUM names another).
    private static string Chromium => Testing.Browsers.HeadlessChromium.Executable;

    /// <summary>The DOM as Chromium built it from the file.</summary>
    private string Render(string path)
    {
        var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={_profile}", "--dump-dom", new Uri(path).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var dom = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"chromium did not render {path}"); }
        Assert.True(p.ExitCode == 0, $"chromium failed on {path}: {err.Result}");
        return dom.Result;
    }

    [Fact]
    public void Every_page_renders_with_its_content_and_every_link_resolves()
    {
        var written = PublicSite.Write(_out, Samples.Programme(), PublicationSettings.Default, Samples.Now);
        var pages = written.Where(f => f.EndsWith(".html", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, pages.Count); // index, 3 notices, 1 outcome: the unannounced plan has no page

        var doms = pages.ToDictionary(p => p, p => Render(Path.Combine(_out, p)));
        foreach (var (page, dom) in doms)
        {
            Assert.Contains("<main id=\"content\">", dom);
            // Links within the site; a notice's map link leaves it for OpenStreetMap (PublicSiteFilesTests).
            var hrefs = Href().Matches(dom).Select(m => m.Groups[1].Value)
                .Where(h => !h.StartsWith('#') && !h.StartsWith("https://www.openstreetmap.org/", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(hrefs);
            foreach (var href in hrefs)
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.Combine(_out, page))!, Uri.UnescapeDataString(href.Split('#')[0])));
                Assert.True(File.Exists(target), $"{page}: link {href} does not resolve");
            }
        }

        var index = doms["index.html"];
        Assert.Contains("Upcoming and live", index);
        Assert.Contains("Station Road", index);
        Assert.Contains("Cancelled: Event called off", index);
        Assert.DoesNotContain("Not yet announced", index);
        Assert.True(index.IndexOf("Station Road", StringComparison.Ordinal) < index.IndexOf("Past deployments", StringComparison.Ordinal), "DEP-2 is upcoming");

        var notice = doms["deployments/DEP-2/notice.html"];
        Assert.Contains("Live facial recognition at Station Road, Croydon", notice);
        Assert.Contains(LondonTime.Show(Samples.UpcomingStart), notice);
        Assert.Contains("People wanted for serious offences", notice);
        Assert.Contains("about 40 people", notice);
        Assert.Contains("discards your image", notice);

        var outcome = doms["deployments/DEP-1/outcome.html"];
        Assert.Contains("3,147,436", outcome);
        Assert.Contains("0.0003 %", outcome);
        Assert.Contains("0.48 %", outcome);
        Assert.Contains("two false alerts in the first hour", outcome);
        Assert.Matches("Outcome report \\(5 working days after\\).*?met", outcome.Replace("\n", " "));

        using var feed = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "feed.json")));
        Assert.Equal(4, feed.RootElement.GetProperty("items").GetArrayLength()); // 3 notices and 1 outcome
        Assert.All(feed.RootElement.GetProperty("items").EnumerateArray(),
            i => Assert.True(File.Exists(Path.Combine(_out, i.GetProperty("url").GetString()!))));
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
