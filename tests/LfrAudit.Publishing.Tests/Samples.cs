using LfrAudit.Core.Adjudication;
using LfrAudit.Core.Calendar;
using LfrAudit.Core.Deployments;
using LfrAudit.Core.Domain;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Publishing.Tests;

/// <summary>A small programme of deployments in every state, with their documents.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 12, 21, 9, 0, 0, TimeSpan.Zero);
    private static DateTimeOffset T(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public static readonly Dictionary<WatchlistCategory, int> Categories = new() { [WatchlistCategory.WantedSeriousOffence] = 41, [WatchlistCategory.MissingPerson] = 3 };

    public static Deployment Planned(string id, string start, string location = "North End", string camera = "van-1") =>
        Deployment.Plan(new DeploymentId(id), new DeploymentLocation(location, "Croydon", 51.3762, -0.0982), T(start), T(start).AddHours(8),
            "Locate people wanted for serious offences, and missing people at risk", new AuthorisingOfficer("A. Example", "Superintendent"),
            [new CameraId(camera)], "wl", new Threshold(0.6), RetentionPolicy.Default, T("2026-11-01T00:00:00Z"));

    public static List<SiteEntry> Programme()
    {
        var done = Planned("DEP-1", "2026-12-10T10:00:00Z");
        done.PublishNotice(T("2026-12-02T09:00:00Z"));
        var doneNotice = PublicNotice.Build(done, Categories, 44, PublicationSettings.Default, done.NoticePublishedAt!.Value);
        done.Start(T("2026-12-10T10:00:00Z"), new FrozenWatchlist("wl", new string('c', 64), 44, Categories));
        done.ChangeThreshold(new Threshold(0.64), "Supt A. Example", "two false alerts in the first hour", T("2026-12-10T11:00:00Z"));
        done.End(T("2026-12-10T18:00:00Z"));
        done.PublishOutcome(T("2026-12-14T11:00:00Z"));
        var figures = new OutcomeFigures(3_147_436, 2_077, 1_900, 10, 7, 160,
            new Dictionary<EngagementOutcome, long> { [EngagementOutcome.Arrested] = 1_300, [EngagementOutcome.WordsOfAdvice] = 200 });
        var outcome = OutcomeReport.Build(done, figures, PublicationSettings.Default, WorkingDayCalendar.EnglandAndWales, done.OutcomePublishedAt!.Value);

        var upcoming = Planned("DEP-2", "2027-01-14T09:00:00Z", "Station Road", "van-2");
        upcoming.PublishNotice(T("2026-12-20T09:00:00Z"));
        var upcomingNotice = PublicNotice.Build(upcoming, Categories, 44, PublicationSettings.Default, upcoming.NoticePublishedAt!.Value);

        var cancelled = Planned("DEP-3", "2027-01-20T09:00:00Z", "Market Place", "van-3");
        cancelled.PublishNotice(T("2026-12-20T09:00:00Z"));
        var cancelledNotice = PublicNotice.Build(cancelled, Categories, 44, PublicationSettings.Default, cancelled.NoticePublishedAt!.Value);
        cancelled.Cancel(T("2026-12-21T08:00:00Z"), "Event called off");

        var secret = Planned("DEP-4", "2027-02-01T09:00:00Z", "Not yet announced", "van-4"); // no notice: not public yet

        return [new(done, doneNotice, outcome), new(upcoming, upcomingNotice, null), new(cancelled, cancelledNotice, null), new(secret, null, null)];
    }
}
