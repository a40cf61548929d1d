using System.Net;
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
/// What people typed (place, area, purpose, a cancellation's or an override's reason, a threshold change's reason and
/// who authorised it, an engagement's outcome) never becomes markup on a public page: the notice, the outcome report and
/// the index keep exactly the tags they have for plain words, whatever is typed, and a control character in a document
/// arrives as a character reference, never raw (a deployment refuses one outright).
/// </summary>
[Trait("Category", "Dates")]
public class HtmlEncodingTests
{
    private static readonly string[] Pieces = ["<script>alert(1)</script>", "<img src=x onerror=y>", "\"><b>", "'", "&amp;", "&", "</main>",
        "<!--", "]]>", "javascript:x", "plain words", "Croydon", "—", "Zoë"];

    private static Gen<string> Hostile => Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)).Select(p => string.Join(" ", p));

    // C0 and C1 controls, DEL, the bidirectional overrides and isolates, the line and paragraph separators: what SafeText
    // shows as escapes in a terminal or a Markdown document.
    private static readonly char[] Controls =
    [
        .. new[] { Enumerable.Range(0, 0x20).Where(c => c is not '\n' and not '\r' and not '\t'), [0x7F], Enumerable.Range(0x80, 0x20), Enumerable.Range(0x202A, 5),
            Enumerable.Range(0x2066, 4), [0x2028, 0x2029] }.SelectMany(r => r).Select(c => (char)c),
    ];

    // What a deployment would take of it (text only of control characters is no text: plain words stand in).
    private static string Printable(string typed) => string.Concat(typed.Where(c => !Controls.Contains(c))) is { } p && p.Trim().Length > 0 ? p : "plain words";

    private static Gen<string> MarkupAndControls =>
        Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.OneOf(Gen.Elements(Pieces), Gen.Elements(Controls).Select(c => c.ToString())), n))
            .Select(p => string.Concat(p));

    private static int Tags(string html) => html.Count(c => c == '<');

    private static SiteEntry Entry(string place, string area, string purpose, string reason)
    {
        var start = Samples.UpcomingStart;
        var d = Deployment.Plan(new DeploymentId("DEP-9"), new DeploymentLocation(place, area), start, start.AddHours(8), purpose,
            new AuthorisingOfficer("A. Example", "Superintendent"), [new CameraId("van-1")], "wl", new Threshold(0.6), RetentionPolicy.Default, start.AddDays(-30));
        d.PublishNotice(start.AddDays(-10));
        var notice = PublicNotice.Build(d, Samples.Categories, 44, PublicationSettings.Default, d.NoticePublishedAt!.Value, Samples.Model);
        d.Cancel(start.AddDays(-1), reason);
        return new SiteEntry(d, notice, null);
    }

    private static string Pages(string place, string area, string purpose, string reason, string? outcomeText = null)
    {
        // A deployment refuses control characters in what it publishes (PublishedText), so the index, drawn from the
        // deployment, is given the typed text without them; the notice and the outcome report, documents that may be
        // read back from anywhere, are given it as typed.
        var e = Entry(Printable(place), Printable(area), Printable(purpose), Printable(reason));
        e = e with { Notice = e.Notice! with { Location = place, Area = area, Purpose = purpose } };
        var done = Samples.Programme()[0];
        var said = outcomeText ?? "arrested";
        var outcome = done.Outcome! with
        {
            Location = place, Area = area,
            UrgentOverride = new UrgentOverrideRecord(reason, purpose, done.Outcome.StartedAt),
            EngagementOutcomes = new Dictionary<string, long> { [said] = 2 },
            ThresholdChanges = [new ThresholdChangeRecord(0.6, 0.64, said, said, done.Outcome.StartedAt)],
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

    [Fact]
    public void Control_characters_and_markup_in_everything_typed_arrive_encoded_on_every_page()
    {
        var plain = Tags(Pages("North End", "Croydon", "wanted people", "event called off", "arrested"));
        Prop.ForAll(Gen.ArrayOf(MarkupAndControls, 4).ToArbitrary(), typed =>
            {
                var (place, purpose, reason, outcome) = (typed[0], typed[1], typed[2], typed[3]);
                var html = Pages(place, place + " area", purpose, reason, outcome);
                var raw = html.Where(c => Controls.Contains(c)).Select(c => $"U+{(int)c:X4}").Distinct().ToList();
                // Encoded, not dropped: decoding the page gives back each text as typed.
                var decoded = WebUtility.HtmlDecode(html);
                var lost = new[] { place, purpose, reason, outcome }.Where(t => !decoded.Contains(t, StringComparison.Ordinal)).ToList();
                return (Tags(html) == plain && raw.Count == 0 && lost.Count == 0)
                    .Label($"tags {Tags(html)} (plain words: {plain}); raw controls: {string.Join(" ", raw)}; lost: {lost.Count}");
            }).QuickCheckThrowOnFailure();
    }
}
