using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Watchlists;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Core.Tests;

public class WatchlistManifestReaderTests
{
    [Fact]
    public void Reads_entries_with_their_lines_and_images()
    {
        var m = WatchlistManifestReader.Parse("""
            name: test-list
            entries:
              - id: WL-1
                category: court-warrant
                source: src
                authorised_by: Insp X
                approved_at: 2026-01-01T00:00:00Z
                expires_at: 2027-01-01T00:00:00Z
                images: [a.jpg, b.jpg]
              - id: WL-2
                images: c.jpg
            """, "test.yaml");
        Assert.Equal("test-list", m.Name);
        Assert.Equal(2, m.Entries.Count);
        Assert.Equal(["a.jpg", "b.jpg"], m.Entries[0].Images);
        Assert.Equal(["c.jpg"], m.Entries[1].Images);
        Assert.Equal(3, m.Entries[0].Line);
        Assert.Null(m.Entries[1].Category);
    }

    [Fact]
    public void Malformed_yaml_is_one_error_naming_the_file_and_line()
    {
        var ex = Assert.Throws<LfrInputException>(() => WatchlistManifestReader.Parse("name: x\nentries:\n  - id: [unclosed\n", "bad.yaml"));
        Assert.StartsWith("bad.yaml:", ex.Message);
        Assert.Contains("not valid YAML", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Theory]
    [InlineData("just a string")]
    [InlineData("name: x")]
    [InlineData("name: x\nentries: 5")]
    public void Wrong_shapes_are_refused(string yaml) =>
        Assert.Throws<LfrInputException>(() => WatchlistManifestReader.Parse(yaml, "w.yaml"));

    [Fact]
    public void A_missing_file_is_named() =>
        Assert.Contains("nope.yaml", Assert.Throws<LfrInputException>(() => WatchlistManifestReader.Read("nope.yaml")).Message);
}

[Trait("Category", "Dates")]
public class WatchlistEnrollerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-enrol-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Image files whose content says how many faces they show ("faces:2"), or "unreadable".</summary>
    private sealed class TextImageReader : IReferenceImageReader
    {
        public IFrame Read(string path)
        {
            var text = File.ReadAllText(path);
            if (text == "unreadable") throw new LfrInputException($"{path}: not a readable image");
            int faces = int.Parse(text.Split(':')[1]);
            return new FakeFrame(0, TimeSpan.Zero, Enumerable.Range(0, faces).Select(i => new FakeFace([1, i, 0, 0])).ToArray());
        }
    }

    private string Image(string name, string content)
    {
        File.WriteAllText(Path.Combine(_dir, name), content);
        return name;
    }

    private static ManifestEntry Entry(int line, string? id, string[] images, string? category = "court-warrant",
        string? approved = "2026-11-01T00:00:00Z", string? expires = "2027-11-01T00:00:00Z") =>
        new(line, id, category, "source", "Insp X", approved, expires, images);

    private (EnrolledWatchlist?, EnrolmentReport) Enrol(params ManifestEntry[] entries) =>
        new WatchlistEnroller(new TextImageReader(), new FakeDetector(), new FakeEmbedder(), QualityGate.Default, new FakeTimeProvider(Now))
            .Enrol(new WatchlistManifest("wl", "wl.yaml", entries), _dir);

    [Fact]
    public void An_image_path_with_control_characters_is_one_problem_for_its_entry_never_an_exception()
    {
        var one = Image("one.jpg", "faces:1");
        foreach (var bad in new[] { "a\u0000b.jpg", "line\nbreak.jpg", "\u001b[2J.jpg", new string('x', 5000) })
        {
            var (watchlist, report) = Enrol(Entry(1, "A", [one]), Entry(2, "B", [bad]));
            Assert.Equal(["A"], watchlist!.Entries.Select(e => e.Id.Value));
            Assert.Contains(report.Entries.Single(e => e.Line == 2).Problems, p => p.Contains("not a usable image path", StringComparison.Ordinal) && !p.Contains('\u0000'));
        }
    }

    [Fact]
    public void Every_problem_is_reported_per_entry_and_good_entries_are_enrolled()
    {
        var one = Image("one.jpg", "faces:1");
        var (watchlist, report) = Enrol(
            Entry(1, "A", [one]),
            Entry(2, "A", [one]),                                                  // duplicate id
            Entry(3, "B", [one], expires: "2026-11-01T00:00:00Z", approved: "2026-01-01T00:00:00Z"), // expired
            Entry(4, "C", [Image("none.jpg", "faces:0")]),                         // no face
            Entry(5, "D", [Image("many.jpg", "faces:3")]),                         // many faces
            Entry(6, "E", [Image("bad.jpg", "unreadable")]),                       // unreadable
            Entry(7, "F", ["missing.jpg"]),                                        // not there
            Entry(8, "G", [one], category: "jaywalking"),                          // unknown category
            Entry(9, null, [one]),                                                 // no id
            Entry(10, "H", [one], approved: "yesterday"),                          // bad date
            Entry(11, "I", []),                                                    // no images
            Entry(12, "J", [one], approved: "2027-01-01T00:00:00Z", expires: "2028-01-01T00:00:00Z")); // not yet approved

        Assert.NotNull(watchlist);
        Assert.Equal(["A"], watchlist!.Entries.Select(e => e.Id.Value));
        Assert.Equal(1, report.EnrolledCount);
        Assert.Equal(11, report.RejectedCount);
        string Problems(int line) => string.Join("; ", report.Entries.Single(e => e.Line == line).Problems);
        Assert.Contains("duplicate id 'A' (first used at line 1)", Problems(2));
        Assert.Contains("expired", Problems(3));
        Assert.Contains("no searchable face", Problems(4));
        Assert.Contains("3 faces found", Problems(5));
        Assert.Contains("not a readable image", Problems(6));
        Assert.Contains("image not found", Problems(7));
        Assert.Contains("unknown category 'jaywalking'", Problems(8));
        Assert.Contains("missing 'id'", Problems(9));
        Assert.Contains("not a date", Problems(10));
        Assert.Contains("no reference images", Problems(11));
        Assert.Contains("not yet approved", Problems(12));
    }

    [Fact]
    public void An_entry_keeps_its_good_images_when_some_are_bad()
    {
        var (watchlist, report) = Enrol(Entry(1, "A", [Image("1.jpg", "faces:1"), Image("2.jpg", "faces:2"), Image("3.jpg", "faces:1")]));
        Assert.Equal(2, watchlist!.Templates.Count);
        var outcome = Assert.Single(report.Entries);
        Assert.True(outcome.Enrolled);
        Assert.Equal(2, outcome.ImagesAccepted);
        Assert.Single(outcome.Problems);
    }

    [Fact]
    public void Nothing_enrolled_means_no_watchlist()
    {
        var (watchlist, report) = Enrol(Entry(1, "A", [Image("0.jpg", "faces:0")]));
        Assert.Null(watchlist);
        Assert.Equal(1, report.RejectedCount);
    }

    [Fact]
    public void The_content_hash_pins_the_entries_and_embeddings_but_not_the_enrolment_time()
    {
        var one = Image("one.jpg", "faces:1");
        var (a, _) = Enrol(Entry(1, "A", [one]));
        var later = new WatchlistEnroller(new TextImageReader(), new FakeDetector(), new FakeEmbedder(), QualityGate.Default, new FakeTimeProvider(Now.AddHours(1)))
            .Enrol(new WatchlistManifest("wl", "wl.yaml", [Entry(1, "A", [one])]), _dir).Watchlist!;
        Assert.Equal(a!.ContentHash, later.ContentHash);
        var (changed, _) = Enrol(Entry(1, "A", [one], category: "missing-person"));
        Assert.NotEqual(a.ContentHash, changed!.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", a.ContentHash);
    }
}

/// <summary>Manifest times: absolute instants, or periods from enrolment so a sample stays valid on any day.</summary>
[Trait("Category", "Dates")]
public class ManifestTimeTests
{
    // Any instant from 2001 to 2098: far enough inside the accepted years for a period of up to a year either way.
    private static readonly Gen<DateTimeOffset> Instants =
        Gen.Choose(0, 97 * 365).SelectMany(d => Gen.Choose(0, 86_399).Select(s =>
            new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(d).AddSeconds(s)));

    [Fact]
    public void A_period_counts_london_calendar_days_from_enrolment_and_a_minus_sign_counts_back()
    {
        Prop.ForAll(Instants.ToArbitrary(), Gen.Choose(0, 366).ToArbitrary(), (now, days) =>
        {
            var problems = new List<string>();
            var ahead = ManifestTime.Resolve($"P{days}D", "expires_at", now, problems);
            var back = ManifestTime.Resolve($"-P{days}D", "approved_at", now, problems);
            // London calendar days: the London date moves by exactly that many days, 23 to 25 hours each.
            var today = LondonTime.DateOf(now);
            return problems.Count == 0
                && LondonTime.DateOf(ahead!.Value) == today.AddDays(days) && LondonTime.DateOf(back!.Value) == today.AddDays(-days)
                && Math.Abs((ahead.Value - now).TotalHours - days * 24) <= 1
                && Math.Abs((now - back.Value).TotalHours - days * 24) <= 1
                && (days == 0 ? ahead == now && back == now : ahead > now && back < now);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void An_absolute_time_is_taken_as_written_whatever_the_clock()
    {
        Prop.ForAll(Instants.ToArbitrary(), Instants.ToArbitrary(), (now, at) =>
        {
            var problems = new List<string>();
            var text = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            return ManifestTime.Resolve(text, "approved_at", now, problems) == at && problems.Count == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Anything_else_is_one_problem_naming_the_field_never_an_exception()
    {
        string[] fixedOnes = ["", " ", "P", "-P", "+P", "PXD", "P-3D", "-P-3D", "P1.5D", "P99999999Y", "-P99999999Y", "P200Y", "-P200Y",
            "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "yesterday", "1e10", "\u0000", "P1D\n", "--P1D", "P1D garbage"];
        var garbage = Gen.OneOf(Gen.Elements(fixedOnes), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));
        Prop.ForAll(garbage.ToArbitrary(), Instants.ToArbitrary(), (text, now) =>
        {
            var problems = new List<string>();
            var resolved = ManifestTime.Resolve(text, "expires_at", now, problems);
            // Either a valid time inside the accepted years, or one problem naming the field; never both, never neither.
            return resolved is { } r
                ? problems.Count == 0 && TimeBounds.Contains(r)
                : problems.Count == 1 && problems[0].Contains("'expires_at'") && !problems[0].Contains('\n') && !problems[0].Contains('\u0000');
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_sample_watchlist_enrols_alike_on_any_day()
    {
        // Its entries are dated from enrolment: five in force and the one expired on purpose, whatever the clock says.
        var manifest = WatchlistManifestReader.Read(Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml"));
        Prop.ForAll(Instants.ToArbitrary(), now =>
        {
            var verdicts = manifest.Entries.Select(e =>
            {
                var problems = new List<string>();
                var approved = ManifestTime.Resolve(e.ApprovedAt!, "approved_at", now, problems);
                var expires = ManifestTime.Resolve(e.ExpiresAt!, "expires_at", now, problems);
                return (e.Id, InForce: problems.Count == 0 && approved <= now && now < expires);
            }).ToList();
            return verdicts.Count(v => v.InForce) == 5 && verdicts.Single(v => !v.InForce).Id == "WL-0006";
        }).QuickCheckThrowOnFailure();
    }
}
