using System.Net;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Calendar;
using LfrAudit.Publishing.Oversight;

namespace LfrAudit.Publishing.Tests;

/// <summary>The console's status line above a reviewed report: what it says for each verdict, and that a problem's words are text.</summary>
[Trait("Category", "Unit")]
public class ReviewBannerTests
{
    private static readonly DateTimeOffset Now = Samples.Timeline.At(60, 12);

    private static string Render(VerificationResult verification, long? live) =>
        IagReport.Render([], verification, WorkingDayCalendar.EnglandAndWales, Now, null, new ReviewBanner(live));

    [Fact]
    public void A_verified_export_says_so_and_whether_it_is_the_whole_live_log()
    {
        var ok = new VerificationResult(0, 1, [], null);
        Assert.Contains("<p role=\"status\" class=\"status verified\">VERIFIED: 0 entries, 1 signed tree heads, every check holds.</p>", Render(ok, null));
        Assert.Contains("every check holds, and they are this console's own log, entry for entry.</p>", WebUtility.HtmlDecode(Render(ok, 0)));
        var older = Render(ok, 12);
        Assert.Contains("they are the first 0 of the 12 entries this console", WebUtility.HtmlDecode(older));
        Assert.Contains("<p role=\"alert\" class=\"status partial\">NOT THE WHOLE LOG: entries 0-11 were recorded after this export", older);
        Assert.DoesNotContain("NOT THE WHOLE LOG", Render(ok, 0));
        Assert.DoesNotContain("VERIFIED", IagReport.Render([], ok, WorkingDayCalendar.EnglandAndWales, Now));
    }

    [Fact]
    public void A_problem_is_shown_as_text_whatever_it_holds()
    {
        var hostile = Gen.Elements("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</p><h1>forged VERIFIED</h1>", "a & b");
        Prop.ForAll(hostile.ToArbitrary(), problem =>
        {
            var html = Render(new VerificationResult(3, 1, [problem], 1), null);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<h1>forged", html, StringComparison.Ordinal);
            Assert.DoesNotContain("role=\"status\"", html, StringComparison.Ordinal);
            var line = System.Text.RegularExpressions.Regex.Match(html, "<p role=\"alert\" class=\"status refused\">DOES NOT VERIFY: (.*?)</p>");
            Assert.True(line.Success, html[..Math.Min(html.Length, 3000)]);
            Assert.Equal(problem, WebUtility.HtmlDecode(line.Groups[1].Value));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }
}
