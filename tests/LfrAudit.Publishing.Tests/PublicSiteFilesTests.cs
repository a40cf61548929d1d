using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using CsvHelper;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Calendar;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Rendering;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Publishing.Tests;

/// <summary>
/// The public site's machine-readable files as a reader or a spreadsheet opens them: the results table as CSV and JSON,
/// the Atom feed; links absolute under the site's address; deadlines, outcomes and places in plain words.
/// </summary>
[Trait("Category", "Dates")]
public sealed class PublicSiteFilesTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("lfr-site-files-").FullName;
    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static readonly SiteBaseUrl Base = SiteBaseUrl.Parse("https://www.example.police.uk/lfr");
    private string Read(string relative) => File.ReadAllText(Path.Combine(_out, relative));

    [Fact]
    public void The_results_table_is_the_outcome_reports_figures_as_csv_and_json()
    {
        PublicSite.Write(_out, Samples.Programme(), PublicationSettings.Default with { BaseUrl = Base }, Samples.Now);
        var outcome = Samples.Programme()[0].Outcome!;

        using var csv = new CsvReader(new StringReader(Read(SitePaths.ResultsCsv)), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        var row = Assert.Single(rows); // only DEP-1 has an outcome report
        Assert.Equal("DEP-1", row["deployment_id"]);
        Assert.Equal(LondonTime.DateOf(outcome.StartedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row["date"]);
        Assert.Equal("44", row["watchlist_size"]);
        Assert.Equal(outcome.FacesSeen.ToString(CultureInfo.InvariantCulture), row["faces_seen"]);
        Assert.Equal(outcome.FalseAlerts.ToString(CultureInfo.InvariantCulture), row["false_alerts"]);
        Assert.Equal(outcome.Arrests.ToString(CultureInfo.InvariantCulture), row["arrests"]);
        Assert.Equal("0.6 to 0.64", row["threshold"]);
        Assert.Equal($"{Samples.Model.Name} {Samples.Model.Version}", row["algorithm"]);
        Assert.Equal("https://www.example.police.uk/lfr/deployments/DEP-1/outcome.html", row["outcome_url"]);
        Assert.Equal("https://www.example.police.uk/lfr/deployments/DEP-1/notice.html", row["notice_url"]);

        using var json = JsonDocument.Parse(Read(SitePaths.ResultsJson));
        var d = Assert.Single(json.RootElement.GetProperty("deployments").EnumerateArray().ToList());
        Assert.Equal(outcome.Alerts, d.GetProperty("alerts").GetInt64());
        Assert.Equal(outcome.ConfirmedAlerts, d.GetProperty("confirmed_alerts").GetInt64());
        Assert.Equal(PublicationSettings.Default.Force, json.RootElement.GetProperty("force").GetString());
    }

    [Fact]
    public void A_place_name_that_looks_like_a_formula_is_text_in_a_spreadsheet()
    {
        var entries = Samples.Programme();
        entries[0] = entries[0] with { Outcome = entries[0].Outcome! with { Location = "=HYPERLINK(\"http://x\",\"click\")" } };
        PublicSite.Write(_out, entries, PublicationSettings.Default, Samples.Now);
        using var csv = new CsvReader(new StringReader(Read(SitePaths.ResultsCsv)), CultureInfo.InvariantCulture);
        var row = (IDictionary<string, object>)csv.GetRecords<dynamic>().Single();
        Assert.StartsWith("'=", (string)row["location"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_atom_feed_lists_every_document_with_absolute_links_under_the_sites_address()
    {
        PublicSite.Write(_out, Samples.Programme(), PublicationSettings.Default with { BaseUrl = Base }, Samples.Now);
        using var reader = XmlReader.Create(Path.Combine(_out, SitePaths.AtomFeed));
        var feed = SyndicationFeed.Load(reader); // an Atom 1.0 reader accepts it
        var items = feed.Items.ToList();
        Assert.Equal(4, items.Count); // 3 notices and 1 outcome, as the JSON Feed
        Assert.All(items, i =>
        {
            Assert.StartsWith(Base.ToString(), i.Id, StringComparison.Ordinal);
            var link = Assert.Single(i.Links).Uri;
            Assert.True(link.IsAbsoluteUri && link.AbsoluteUri.StartsWith(Base.ToString(), StringComparison.Ordinal), link.ToString());
            Assert.True(File.Exists(Path.Combine(_out, link.AbsoluteUri[Base.ToString().Length..])), $"{link} is not a file of the site");
        });
        Assert.Equal(items.OrderByDescending(i => i.LastUpdatedTime).Select(i => i.Id), items.Select(i => i.Id)); // newest first

        using var jsonFeed = JsonDocument.Parse(Read(SitePaths.JsonFeed));
        Assert.Equal(Base.Resolve("index.html"), jsonFeed.RootElement.GetProperty("home_page_url").GetString());
        Assert.All(jsonFeed.RootElement.GetProperty("items").EnumerateArray(),
            i => Assert.StartsWith(Base.ToString(), i.GetProperty("url").GetString()!, StringComparison.Ordinal));
    }

    [Fact]
    public void Without_an_address_the_atom_feed_links_within_the_folder_and_its_ids_are_still_absolute()
    {
        PublicSite.Write(_out, Samples.Programme(), PublicationSettings.Default, Samples.Now);
        var atom = XNamespace.Get("http://www.w3.org/2005/Atom");
        var doc = XDocument.Load(Path.Combine(_out, SitePaths.AtomFeed));
        var entries = doc.Root!.Elements(atom + "entry").ToList();
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.StartsWith("tag:", e.Element(atom + "id")!.Value, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(_out, e.Element(atom + "link")!.Attribute("href")!.Value)));
        });
        Assert.Equal(PublicationSettings.Default.Force, doc.Root.Element(atom + "author")!.Element(atom + "name")!.Value);
    }

    [Property(MaxTest = 100)]
    public Property Whatever_people_typed_the_atom_feed_opens_in_a_reader_with_their_words(NonNull<string> typed)
    {
        var entries = Samples.Programme();
        entries[1] = entries[1] with { Notice = entries[1].Notice! with { Purpose = typed.Get, Location = typed.Get } };
        var dir = Path.Combine(_out, Guid.NewGuid().ToString("N"));
        PublicSite.Write(dir, entries, PublicationSettings.Default, Samples.Now);
        using var reader = XmlReader.Create(Path.Combine(dir, SitePaths.AtomFeed));
        var item = SyndicationFeed.Load(reader).Items.Single(i => i.Id.EndsWith("DEP-2/notice", StringComparison.Ordinal));
        // Printable text arrives as typed; control characters as the escapes the rest of the site shows.
        var printable = !Core.Untrusted.SafeText.HasControlCharacters(typed.Get) && !typed.Get.Any(char.IsSurrogate);
        var text = ((TextSyndicationContent)item.Content).Text;
        return (!printable || text == typed.Get).Label(text);
    }

    [Fact]
    public void An_outcome_report_names_engagement_outcomes_in_words_and_links_its_notice()
    {
        var entry = Samples.Programme()[0];
        var html = OutcomeRenderer.ToHtml(entry.Outcome!, "../../index.html", "outcome", noticeHref: "notice.html");
        Assert.Contains("Words of advice", html);
        Assert.DoesNotContain("words-of-advice", html);
        Assert.Contains("href=\"notice.html\"", html);
        Assert.Contains("| Words of advice | 200 |", OutcomeRenderer.ToMarkdown(entry.Outcome!));
        Assert.DoesNotContain("notice.html", OutcomeRenderer.ToHtml(entry.Outcome!, "../../index.html", "outcome"));
    }

    [Fact]
    public void Every_engagement_outcome_has_a_label_and_an_unknown_one_is_shown_as_stored()
    {
        foreach (var o in Enum.GetValues<EngagementOutcome>())
        {
            var label = PublicWording.Outcome(o.Name());
            Assert.True(char.IsUpper(label[0]) && !label.Contains('-', StringComparison.Ordinal), $"{o}: '{label}'");
        }
        Assert.Equal("released-on-bail", PublicWording.Outcome("released-on-bail"));
    }

    [Fact]
    public void A_notice_links_its_map_reference_to_a_public_map()
    {
        var notice = Samples.Programme()[1].Notice!;
        var link = "https://www.openstreetmap.org/?mlat=51.3762&amp;mlon=-0.0982#map=17/51.3762/-0.0982";
        Assert.Contains(link, NoticeRenderer.ToHtml(notice, "../../index.html", "notice"));
        Assert.Contains("https://www.openstreetmap.org/?mlat=51.3762&mlon=-0.0982", NoticeRenderer.ToMarkdown(notice));
    }

    [Property(MaxTest = 300)]
    public Property A_deadline_at_midnight_reads_as_the_end_of_the_day_before()
    {
        var dates = Gen.Choose(0, 365 * 200).Select(n => new DateOnly(1950, 1, 1).AddDays(n));
        return Prop.ForAll(dates.ToArbitrary(), Gen.Choose(1, 24 * 60 - 1).ToArbitrary(), (date, minute) =>
        {
            var midnight = LondonTime.StartOf(date);
            var expected = "the end of " + date.AddDays(-1).ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
            var later = midnight.AddMinutes(minute);
            // Any other time reads as itself (on a day the clocks change an added minute may land on a later midnight).
            var laterReads = LondonTime.ToLondon(later).TimeOfDay == NodaTime.LocalTime.Midnight || Show.Deadline(later) == LondonTime.Show(later);
            return Show.Deadline(midnight) == expected && laterReads;
        });
    }

    [Property(MaxTest = 500)]
    public Property A_site_address_is_absolute_http_ending_in_a_slash_or_refused_in_one_line(NonNull<string> text)
    {
        try
        {
            var b = SiteBaseUrl.Parse(text.Get);
            return (b.Value.IsAbsoluteUri && (b.Value.Scheme is "http" or "https") && b.ToString().EndsWith('/')
                && b.Resolve("deployments/DEP-1/notice.html").StartsWith(b.ToString(), StringComparison.Ordinal)).ToProperty();
        }
        catch (InvalidValueException e)
        {
            return (!e.Message.Contains('\n', StringComparison.Ordinal)).Label(e.Message);
        }
    }

    [Property(MaxTest = 300)]
    public Property A_generated_site_address_parses_and_documents_resolve_beneath_it()
    {
        var segment = Gen.Elements("lfr", "public", "live-facial-recognition", "a b", "x%2Fy", "ü");
        var gen = from https in Gen.Elements(true, false)
                  from host in Gen.Elements("example.police.uk", "localhost", "127.0.0.1", "www.met.police.uk")
                  from port in Gen.Elements("", ":8443")
                  from n in Gen.Choose(0, 3)
                  from path in Gen.ArrayOf(segment, n)
                  from slash in Gen.Elements("", "/")
                  select $"{(https ? "https" : "http")}://{host}{port}/{string.Join('/', path)}{slash}";
        return Prop.ForAll(gen.ToArbitrary(), url =>
        {
            var b = SiteBaseUrl.Parse(url);
            var resolved = b.Resolve("deployments/DEP-1/notice.html");
            return resolved.StartsWith(b.ToString(), StringComparison.Ordinal) && resolved.EndsWith("/deployments/DEP-1/notice.html", StringComparison.Ordinal);
        });
    }
}
