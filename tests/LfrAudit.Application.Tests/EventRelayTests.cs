using LfrAudit.Application.Events;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Application.Tests;

/// <summary>
/// The relay of outbound events: from the entry it was set up at, in the log's order, each alert raised or decided to
/// every sink; a sink that fails is reported and does not keep the others from their events.
/// </summary>
public sealed class EventRelayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-relay-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class Recording : IEventSink
    {
        public List<OutboundEvent> Events { get; } = [];
        public string Name => "recording";
        public Task SendAsync(OutboundEvent e, CancellationToken cancellation)
        {
            lock (Events) Events.Add(e);
            return Task.CompletedTask;
        }
    }

    private sealed class Failing : IEventSink
    {
        public string Name => "failing";
        public Task SendAsync(OutboundEvent e, CancellationToken cancellation) => throw new HttpRequestException("connection refused");
    }

    private static Alert AlertOf(string run, int frame, DateTimeOffset at) => new(new RunId(run), new CameraId("van-1"), frame, at, new WatchlistEntryId("WL-1"),
        WatchlistCategory.CourtWarrant, 0.71f, new Threshold(0.5), new BoxF(1, 2, 30, 40), [0xFF, 0xD8, 1, 2], [0.25f, 0.5f]);

    [Fact]
    public async Task Events_after_the_start_reach_every_sink_in_order_and_a_failing_sink_is_reported_not_fatal()
    {
        var t0 = DateTimeOffset.UnixEpoch.AddYears(56);
        var clock = new FakeTimeProvider(t0);
        using var store = SqliteDatabase.Open(Path.Combine(_dir, "store.db"), clock);
        var runs = store.Runs();
        runs.BeginRun(new RunStart(new RunId("run-1"), new CameraId("van-1"), "video x", "wl", "hash", 1, new Threshold(0.5), QualityGate.Default,
            "every frame", "model@abc", t0));
        var before = runs.RecordAlert(AlertOf("run-1", 0, t0)); // history: not an event

        var recording = new Recording();
        var reported = new List<EventNotDelivered>();
        using var changes = store.WatchChanges();
        var relay = new EventRelay(store, changes, [new Failing(), recording], n => { lock (reported) reported.Add(n); }, EventRelay.Now(store),
            e => throw new InvalidOperationException("the store failed", e));
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);

        var first = runs.RecordAlert(AlertOf("run-1", 5, t0.AddSeconds(5)));
        var second = runs.RecordAlert(AlertOf("run-1", 9, t0.AddSeconds(9)));
        RegisteredUsers.Add(store, "op-1", Governance.Accounts.Role.Operator);
        new Alerts.AlertDeskService(store).Adjudicate(first, AlertDecision.Confirm, "op-1", "lfr on test", null);

        for (int i = 0; i < 500 && Count() < 3; i++) await Task.Delay(10);
        await stop.CancelAsync();
        await running;
        int Count() { lock (recording.Events) return recording.Events.Count; }

        Assert.Equal([(OutboundEventKinds.Raised, first.Value), (OutboundEventKinds.Raised, second.Value), (OutboundEventKinds.Decided, first.Value)],
            recording.Events.Select(e => (e.Kind, e.Alert)));
        Assert.DoesNotContain(recording.Events, e => e.Alert == before.Value);
        Assert.Equal("confirm", recording.Events[2].Decision);
        Assert.True(recording.Events.Zip(recording.Events.Skip(1)).All(p => p.First.Seq < p.Second.Seq), "in the log's order");
        Assert.Equal(3, reported.Count);
        Assert.All(reported, n => Assert.Equal(("failing", "connection refused"), (n.Sink, n.Problem)));
    }
}
