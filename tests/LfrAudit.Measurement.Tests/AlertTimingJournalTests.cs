using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Measurement.Pipeline;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Measurement.Tests;

/// <summary>
/// The live benchmark's alert times: each alert is timed from its frame's capture to the moment it is recorded, by the
/// clock the run uses; cameras recording at once get ids of their own and lose no alert; nothing of the face is kept.
/// </summary>
public sealed class AlertTimingJournalTests
{
    private static Alert AlertAt(DateTimeOffset captured, string camera, string entry) =>
        new(RunId.New(captured), new CameraId(camera), 1, captured, new WatchlistEntryId(entry), WatchlistCategory.WantedSeriousOffence, 0.7f,
            new Threshold(0.5), new BoxF(1, 2, 30, 40), [0xFF, 0xD8], [0.6f, 0.8f]);

    [Fact]
    public void Each_alert_is_timed_from_its_frame_s_capture_to_its_record_by_the_run_s_clock()
    {
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 5_000)).ToArbitrary(), delays =>
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(50));
            var journal = new AlertTimingJournal(clock);
            foreach (var ms in delays)
            {
                var captured = clock.GetUtcNow();
                clock.Advance(TimeSpan.FromMilliseconds(ms));
                journal.RecordAlert(AlertAt(captured, "cam1", "F-001"));
            }
            Assert.Equal(delays.Select(d => (double)d), journal.Alerts.Select(a => a.MillisecondsAfterFrame));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public async Task Cameras_recording_at_once_get_ids_of_their_own_and_lose_no_alert()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(50));
        var journal = new AlertTimingJournal(clock);
        var ids = await Task.WhenAll(Enumerable.Range(1, 4).Select(c => Task.Run(() =>
            Enumerable.Range(0, 2_000).Select(i => journal.RecordAlert(AlertAt(clock.GetUtcNow(), $"cam{c}", $"F-{i % 7 + 1:D3}")).Value).ToList())));
        Assert.Equal(8_000, ids.SelectMany(x => x).Distinct().Count());
        Assert.Equal(8_000, journal.Alerts.Count);
        Assert.All(Enumerable.Range(1, 4), c => Assert.Equal(2_000, journal.Alerts.Count(a => a.Camera == $"cam{c}")));
    }
}
