using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Rendering;
using LfrAudit.Publishing.Site;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Publishing.Tests;

/// <summary>
/// What people typed (place, area, purpose, a cancellation's or an override's reason, who authorised a change) never
/// becomes markup on a public page: the notice, the outcome report and the index keep exactly the tags they have for
/// plain words, whatever is typed.
/// </summary>
[Trait("Category", "Dates")]
public class HtmlEncodingTests
{
    private static readonly string[] Pieces = ["<script>alert(1)</script>", "<img src=x onerror=y>", "\"><b>", "'", "&amp;", "&", "</main>",
        "<!--", "]]>", "javascript:x", "plain words", "Croydon", "—", "Zoë"];

    private static Gen<string> Hostile => Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)).Select(p => string.Join(" ", p));

    private static int Tags(string html) => html.Count(c => c == '<');

    private static SiteEntry Entry(string place, string area, string purpose, string reason)
    {
        var start = Samples.UpcomingStart;
        var d = Deployment.Plan(new DeploymentId("DEP-9"), new DeploymentLocation(place, area), start, start.AddHours(8), purpose,
            new AuthorisingOfficer("A. Example", "Superintendent"), [new CameraId("van-1")], "wl", new Threshold(0.6), RetentionPolicy.Default, start.AddDays(-30));
        d.PublishNotice(start.AddDays(-10));
        var notice = PublicNotice.Build(d, Samples.Categories, 44, PublicationSettings.Default, d.NoticePublishedAt!.Value);
        d.Cancel(start.AddDays(-1), reason);
        return new SiteEntry(d, notice, null);
    }

    private static string Pages(string place, string area, string purpose, string reason)
    {
        var e = Entry(place, area, purpose, reason);
        var done = Samples.Programme()[0];
        var outcome = done.Outcome! with
        {
            Location = place, Area = area,
            UrgentOverride = new UrgentOverrideRecord(reason, purpose, done.Outcome.StartedAt),
        };
        var site = Path.Combine(Path.GetTempPath(), "lfr-encoding-" + Guid.NewGuid().ToString("N"));
        try
        {
            PublicSite.Write(site, [e], PublicationSettings.Default, Samples.Now);
            return NoticeRenderer.ToHtml(e.Notice!, "../../index.html", "notice") + "\n" + OutcomeRenderer.ToHtml(outcome, "../../index.html", "outcome")
                + "\n" + File.ReadAllText(Path.Combine(site, "index.html"));
        }
        finally { Directory.Delete(site, recursive: true); }
    }

    [Fact]
    public void Whatever_people_type_the_notice_outcome_and_index_keep_their_own_tags_only()
    {
        var plain = Tags(Pages("North End", "Croydon", "wanted people", "event called off"));
        Prop.ForAll(Hostile.ToArbitrary(), Hostile.ToArbitrary(), Hostile.ToArbitrary(), (place, purpose, reason) =>
        {
            var html = Pages(place, place, purpose, reason);
            return (Tags(html) == plain && !html.Contains("<script", StringComparison.OrdinalIgnoreCase) && !html.Contains("<img", StringComparison.OrdinalIgnoreCase))
                .Label($"tags {Tags(html)} (plain words: {plain})");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Readable_text_stays_readable_while_markup_characters_are_encoded()
    {
        var html = Pages("Zoë's <Corner> & \"Square\"", "Croydon — North", "wanted people", "event called off");
        Assert.Contains("Zoë&#x27;s &lt;Corner&gt; &amp; &quot;Square&quot;", html);
        Assert.Contains("Croydon — North", html);
    }
}
