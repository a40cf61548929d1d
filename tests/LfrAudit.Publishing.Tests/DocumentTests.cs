using System.Text;
using LfrAudit.Governance.Calendar;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Rendering;

namespace LfrAudit.Publishing.Tests;

[Trait("Category", "Dates")]
public class DocumentTests
{
    [Theory]
    [InlineData(0, "fewer than 10 people")]
    [InlineData(9, "fewer than 10 people")]
    [InlineData(44, "about 40 people")]
    [InlineData(46, "about 50 people")]
    [InlineData(16_421, "about 16,400 people")]
    public void Watchlist_size_is_rough(int entries, string wording) => Assert.Equal(wording, PublicWording.RoughSize(entries));

    [Theory]
    [InlineData(10, 3_147_436, "0.0003 %")]
    [InlineData(10, 2_077, "0.48 %")]
    [InlineData(1, 3, "33.3 %")]
    [InlineData(0, 5, "0 %")]
    public void Rates_read_like_the_public_debate(long numerator, long denominator, string expected) =>
        Assert.Equal(expected, PublicWording.Percent(numerator / (double)denominator));

    [Fact]
    public void The_outcome_report_gives_the_false_alert_rate_against_both_denominators()
    {
        var outcome = Samples.Programme()[0].Outcome!;
        Assert.Equal(10 / 3_147_436.0, outcome.FalseAlertRatePerFaceSeen!.Value, 12);
        Assert.Equal(10 / 2_077.0, outcome.FalseAlertRatePerAlert!.Value, 12);
        var md = OutcomeRenderer.ToMarkdown(outcome);
        Assert.Contains("| False alert rate, per face seen | 0.0003 % |", md);
        Assert.Contains("| False alert rate, per alert | 0.48 % |", md);
        Assert.Contains("0.6 at the start, 0.64 at the end", md);
        Assert.Contains("two false alerts in the first hour", md);
        Assert.True(outcome.PublishedOnTime && outcome.NoticeOnTime);
    }

    [Fact]
    public void A_notice_names_categories_and_a_rough_size_never_anyone_on_the_list()
    {
        var notice = Samples.Programme()[1].Notice!;
        var md = NoticeRenderer.ToMarkdown(notice);
        Assert.Contains("People wanted for serious offences", md);
        Assert.Contains("Missing people", md);
        Assert.Contains("about 40 people", md);
        Assert.Contains("discards your image", md);
        Assert.Contains("kept for 31 days", md);
        Assert.Contains("Legal basis", md);
        Assert.Contains("lfr-enquiries@", md);
        Assert.Contains(LondonTime.Show(Samples.UpcomingStart), md);
        Assert.StartsWith("Thu ", LondonTime.Show(Samples.UpcomingStart), StringComparison.Ordinal);
        Assert.DoesNotContain("A. Example", md); // the rank authorises in public, not the named officer
    }

    [Fact]
    public void The_notice_and_the_outcome_report_name_the_recognition_model_its_version_and_its_SHA_256()
    {
        var programme = Samples.Programme();
        var (notice, outcome) = (programme[0].Notice!, programme[0].Outcome!);
        var pages = new[]
        {
            NoticeRenderer.ToMarkdown(notice), NoticeRenderer.ToHtml(notice, "../../index.html", "notice"),
            OutcomeRenderer.ToMarkdown(outcome), OutcomeRenderer.ToHtml(outcome, "../../index.html", "outcome"),
        };
        foreach (var page in pages) Assert.Contains(Samples.Model.Sha256, page);
        foreach (var html in new[] { pages[1], pages[3] }) // Markdown escapes the name's punctuation
        {
            Assert.Contains("MobileFaceNet, 128-d (PaddleX), version conversion at commit 5638c7a", html);
            Assert.Contains("weights licensed Apache-2.0", html);
        }
        Assert.Contains("Recognition model", pages[3]);
    }

    [Fact]
    public void A_document_frozen_before_documents_named_the_model_shows_none_and_an_outcome_with_no_run_says_so()
    {
        var programme = Samples.Programme();
        var older = programme[0].Notice! with { RecognitionModel = null };
        Assert.DoesNotContain("recognition model", NoticeRenderer.ToMarkdown(older), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Recognition model", OutcomeRenderer.ToMarkdown(programme[0].Outcome! with { RecognitionModels = null }));
        Assert.Contains("none: no camera ran", OutcomeRenderer.ToHtml(programme[0].Outcome! with { RecognitionModels = [] }, "../../index.html", "outcome"));
    }

    [Fact]
    public void Html_escapes_what_people_typed()
    {
        var d = Samples.Planned("DEP-9", Samples.Timeline.At(59, 9), "<script>alert(1)</script> & Co");
        d.PublishNotice(Samples.Timeline.At(31, 9));
        var html = NoticeRenderer.ToHtml(PublicNotice.Build(d, Samples.Categories, 44, PublicationSettings.Default, d.NoticePublishedAt!.Value, Samples.Model), "../../index.html", "notice");
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", html);
        Assert.Contains("<html lang=\"en-GB\">", html);
    }

    [Fact]
    public void Icalendar_escapes_text_folds_long_lines_and_marks_cancellations()
    {
        var entries = Samples.Programme();
        var ics = ICalendar.Write(entries.Select(e => e.Deployment), Samples.Now, "Force, with comma");
        var lines = ics.Split("\r\n");
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("", lines[^1]);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"over 75 octets: {l}"));
        Assert.Contains("X-WR-CALNAME:Force\\, with comma: live facial recognition", string.Join("", ics.Split("\r\n ")));
        Assert.Contains($"DTSTART:{Samples.Timeline.At(10, 10).UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", ics);
        Assert.Contains("GEO:51.3762;-0.0982", ics);
        Assert.Contains("STATUS:CANCELLED", ics);
        Assert.Equal(4, lines.Count(l => l == "BEGIN:VEVENT"));
        var unfolded = ics.Replace("\r\n ", "");
        Assert.Contains("DESCRIPTION:Locate people wanted for serious offences\\, and missing people at risk\\nDeployment DEP-1.", unfolded);
    }

    [Fact]
    public void Folding_never_splits_a_character()
    {
        var b = new StringBuilder();
        ICalendar.Fold(b, "SUMMARY:" + string.Concat(Enumerable.Repeat("é£", 60)));
        var text = b.ToString();
        Assert.DoesNotContain('\uFFFD', text);
        Assert.Equal("SUMMARY:" + string.Concat(Enumerable.Repeat("é£", 60)), text.Replace("\r\n ", "").TrimEnd('\r', '\n'));
    }

    [Fact]
    public void A_document_made_on_a_simulation_clock_says_so_first_and_a_real_one_does_not()
    {
        var entries = Samples.Programme();
        var notice = entries[1].Notice!;
        var outcome = entries[0].Outcome!;
        Assert.DoesNotContain("SIMULATION", NoticeRenderer.ToHtml(notice, "../../index.html", "notice"));
        Assert.DoesNotContain("SIMULATION", OutcomeRenderer.ToMarkdown(outcome));
        foreach (var text in new[] { NoticeRenderer.ToHtml(notice with { DatedBySimulation = true }, "../../index.html", "notice"),
                     NoticeRenderer.ToMarkdown(notice with { DatedBySimulation = true }),
                     OutcomeRenderer.ToHtml(outcome with { DatedBySimulation = true }, "../../index.html", "outcome"),
                     OutcomeRenderer.ToMarkdown(outcome with { DatedBySimulation = true }) })
        {
            Assert.Contains("SIMULATION: this document was produced by a demo or a simulated programme", text);
            // Said first: before any of the document's own sections.
            var firstSection = text.Contains("<h2", StringComparison.Ordinal) ? text.IndexOf("<h2", StringComparison.Ordinal) : text.IndexOf("\n## ", StringComparison.Ordinal);
            Assert.True(text.IndexOf("SIMULATION", StringComparison.Ordinal) < firstSection);
        }
    }
}
