using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;
using LfrAudit.Recognition.Matching;
using LfrAudit.Testing;

namespace LfrAudit.Publishing.Tests;

/// <summary>
/// A small programme of deployments in every state, with their documents, on a timeline that starts after the clock the
/// tests run under (day 0 a Monday, no bank holiday for four weeks): as it would be seen on day 21.
/// </summary>
internal static class Samples
{
    public static readonly TestTimeline Timeline = TestTimeline.FromNow();
    public static readonly DateTimeOffset Now = Timeline.At(21, 9);
    private static DateTimeOffset T(int day, int hour) => Timeline.At(day, hour);

    public static readonly Dictionary<WatchlistCategory, int> Categories = new() { [WatchlistCategory.WantedSeriousOffence] = 41, [WatchlistCategory.MissingPerson] = 3 };

    public static Deployment Planned(string id, DateTimeOffset start, string location = "North End", string camera = "van-1") =>
        Deployment.Plan(new DeploymentId(id), new DeploymentLocation(location, "Croydon", 51.3762, -0.0982), start, start.AddHours(8),
            "Locate people wanted for serious offences, and missing people at risk", new AuthorisingOfficer("A. Example", "Superintendent"),
            [new CameraId(camera)], "wl", new Threshold(0.6), RetentionPolicy.Default, T(-29, 0));

    /// <summary>When the upcoming deployment, DEP-2, starts: a Thursday, day 45.</summary>
    public static DateTimeOffset UpcomingStart => T(45, 9);

    /// <summary>The model a sample deployment's documents name.</summary>
    public static readonly RecognitionModelName Model = new("mobilefacenet-paddlex-128d", "MobileFaceNet, 128-d (PaddleX)", "conversion at commit 5638c7a",
        "6ced4e0c36abba9dd24b48d725f7dbb94089f75b3d3445d3d67b85157cb64743", "Apache-2.0");

    public static List<SiteEntry> Programme()
    {
        var done = Planned("DEP-1", T(10, 10)); // a Thursday
        done.PublishNotice(T(2, 9));
        var doneNotice = PublicNotice.Build(done, Categories, 44, PublicationSettings.Default, done.NoticePublishedAt!.Value, Model);
        done.Start(T(10, 10), new FrozenWatchlist("wl", new string('c', 64), 44, Categories));
        done.ChangeThreshold(new Threshold(0.64), "Supt A. Example", "two false alerts in the first hour", T(10, 11));
        done.End(T(10, 18));
        done.PublishOutcome(T(14, 11)); // the second working day after
        var figures = new OutcomeFigures(3_147_436, 2_077, 1_900, 10, 7, 160,
            new Dictionary<EngagementOutcome, long> { [EngagementOutcome.Arrested] = 1_300, [EngagementOutcome.WordsOfAdvice] = 200 });
        var outcome = OutcomeReport.Build(done, figures, PublicationSettings.Default, WorkingDayCalendar.EnglandAndWales, done.OutcomePublishedAt!.Value, [Model]);

        var upcoming = Planned("DEP-2", UpcomingStart, "Station Road", "van-2");
        upcoming.PublishNotice(T(20, 9));
        var upcomingNotice = PublicNotice.Build(upcoming, Categories, 44, PublicationSettings.Default, upcoming.NoticePublishedAt!.Value, Model);

        var cancelled = Planned("DEP-3", T(51, 9), "Market Place", "van-3");
        cancelled.PublishNotice(T(20, 9));
        var cancelledNotice = PublicNotice.Build(cancelled, Categories, 44, PublicationSettings.Default, cancelled.NoticePublishedAt!.Value, Model);
        cancelled.Cancel(T(21, 8), "Event called off");

        var secret = Planned("DEP-4", T(63, 9), "Not yet announced", "van-4"); // no notice: not public yet

        return [new(done, doneNotice, outcome), new(upcoming, upcomingNotice, null), new(cancelled, cancelledNotice, null), new(secret, null, null)];
    }
}
