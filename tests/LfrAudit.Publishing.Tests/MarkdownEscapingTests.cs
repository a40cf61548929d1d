using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Rendering;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Publishing.Tests;

/// <summary>What people typed (place, purpose, rank, reasons) never becomes markup in a published Markdown document.</summary>
[Trait("Category", "Dates")]
public class MarkdownEscapingTests
{
    private static readonly string[] Pieces = ["<script>alert(1)</script>", "<img src=x onerror=y>", "[click](javascript:x)", "![i](http://x)", "# Heading",
        "| a | b |", "**bold**", "_em_", "`code`", "&amp;", "> quote", "- item", "1. item", "\\", "~~", "plain words", "Croydon"];

    private static Gen<string> Hostile => Gen.ListOf(Gen.Elements(Pieces)).Select(p => string.Join(" ", p)).Where(s => s.Trim().Length > 0);

    private static (int Lines, int Headings) Shape(string md) =>
        (md.Split('\n').Length, md.Split('\n').Count(l => l.StartsWith('#')));

    [Fact]
    public void A_notice_never_carries_raw_html_links_or_headings_from_what_people_typed()
    {
        var start = Samples.UpcomingStart;
        PublicNotice Notice(string place, string purpose)
        {
            var d = Deployment.Plan(new DeploymentId("DEP-9"), new DeploymentLocation(place, place), start, start.AddHours(8), purpose,
                new AuthorisingOfficer("A", "Superintendent"), [new CameraId("van-1")], "wl", new Threshold(0.6), RetentionPolicy.Default, start.AddDays(-30));
            d.PublishNotice(start.AddDays(-10));
            return PublicNotice.Build(d, Samples.Categories, 44, PublicationSettings.Default, d.NoticePublishedAt!.Value, Samples.Model);
        }
        var plain = Shape(NoticeRenderer.ToMarkdown(Notice("Croydon", "wanted people")));
        Prop.ForAll(Hostile.ToArbitrary(), Hostile.ToArbitrary(), (place, purpose) =>
        {
            var md = NoticeRenderer.ToMarkdown(Notice(place, purpose));
            bool noRawHtml = !md.Contains('<');
            bool noLinks = !md.Contains("](") || md.Replace("\\]", "").Replace("\\(", "").IndexOf("](", StringComparison.Ordinal) < 0;
            return noRawHtml && noLinks && Shape(md) == plain;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_outcome_report_escapes_override_reasons_and_threshold_changes()
    {
        var entry = Samples.Programme()[0];
        var o = entry.Outcome! with { UrgentOverride = new UrgentOverrideRecord("<b>urgent</b> [x](y)", "ACC <i>B</i>", entry.Outcome.StartedAt) };
        var md = OutcomeRenderer.ToMarkdown(o);
        Assert.DoesNotContain("<b>", md);
        Assert.DoesNotContain("<i>", md);
        Assert.Contains("&lt;b&gt;urgent&lt;/b&gt; \\[x\\]\\(y\\)", md);
    }
}
