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

        for (int i = 0; i < 500 && (Count() < 3 || Reported() < 3); i++) await Task.Delay(10);
        await stop.CancelAsync();
        await running;
        int Count() { lock (recording.Events) return recording.Events.Count; }
        int Reported() { lock (reported) return reported.Count; }

        Assert.Equal([(OutboundEventKinds.Raised, first.Value), (OutboundEventKinds.Raised, second.Value), (OutboundEventKinds.Decided, first.Value)],
            recording.Events.Select(e => (e.Kind, e.Alert)));
        Assert.DoesNotContain(recording.Events, e => e.Alert == before.Value);
        Assert.Equal("confirm", recording.Events[2].Decision);
        Assert.True(recording.Events.Zip(recording.Events.Skip(1)).All(p => p.First.Seq < p.Second.Seq), "in the log's order");
        Assert.Equal(3, reported.Count);
        Assert.All(reported, n => Assert.Equal(("failing", "connection refused"), (n.Sink, n.Problem)));
    }

    private sealed class Hanging : IEventSink
    {
        public string Name => "hanging";
        public Task SendAsync(OutboundEvent e, CancellationToken cancellation) => Task.Delay(Timeout.Infinite, cancellation);
    }

    private (LfrAudit.Storage.Relational.RelationalDatabase Store, Recording Recording, List<EventNotDelivered> Reported) Open(FakeTimeProvider clock)
    {
        var store = SqliteDatabase.Open(Path.Combine(_dir, $"store-{Guid.NewGuid():N}.db"), clock);
        store.Runs().BeginRun(new RunStart(new RunId("run-1"), new CameraId("van-1"), "video x", "wl", "hash", 1, new Threshold(0.5), QualityGate.Default,
            "every frame", "model@abc", clock.GetUtcNow()));
        return (store, new Recording(), []);
    }

    private static async Task Until(Func<bool> done)
    {
        for (int i = 0; i < 1000 && !done(); i++) await Task.Delay(10);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_holds_no_other_sink_up()
    {
        var t0 = DateTimeOffset.UnixEpoch.AddYears(56);
        var clock = new FakeTimeProvider(t0);
        var (store, recording, reported) = Open(clock);
        using (store)
        {
            using var changes = store.WatchChanges();
            var relay = new EventRelay(store, changes, [new Hanging(), recording], n => { lock (reported) reported.Add(n); }, EventRelay.Now(store), _ => { });
            using var stop = new CancellationTokenSource();
            var running = relay.RunAsync(stop.Token);
            for (int i = 0; i < 3; i++) store.Runs().RecordAlert(AlertOf("run-1", i, t0.AddSeconds(i)));
            await Until(() => { lock (recording.Events) return recording.Events.Count == 3; });
            // All three reached the other sink before the hanging one was given up on even once (after the send limit).
            int givenUpBefore;
            lock (reported) givenUpBefore = reported.Count;
            Assert.Equal(3, recording.Events.Count);
            Assert.Equal(0, givenUpBefore);
            await stop.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task A_site_first_seen_after_the_start_is_relayed_from_its_news_not_its_history()
    {
        var t0 = DateTimeOffset.UnixEpoch.AddYears(56);
        var clock = new FakeTimeProvider(t0);
        var (store, recording, reported) = Open(clock);
        using (store)
        {
            var history = store.Runs().RecordAlert(AlertOf("run-1", 0, t0));
            clock.Advance(TimeSpan.FromHours(1));
            // As a relay set up an hour on, before this site was in the store; the site's first alert comes before the relay
            // first looks at the store, so the site's size when first seen already holds it: news all the same.
            using var changes = store.WatchChanges();
            var relay = new EventRelay(store, changes, [recording], n => { lock (reported) reported.Add(n); }, new RelayStart(new Dictionary<SiteId, long>(), clock.GetUtcNow()), _ => { });
            var news = store.Runs().RecordAlert(AlertOf("run-1", 9, clock.GetUtcNow()));
            using var stop = new CancellationTokenSource();
            var running = relay.RunAsync(stop.Token);
            await Until(() => { lock (recording.Events) return recording.Events.Count >= 1; });
            await Task.Delay(100);
            await stop.CancelAsync();
            await running;
            Assert.Equal([news.Value], recording.Events.Select(e => e.Alert));
            Assert.NotEqual(history, news);
        }
    }

    /// <summary>A store whose audit logs cannot be read while <see cref="Failing"/> is set, as a server that went away.</summary>
    public class Flaky : System.Reflection.DispatchProxy
    {
        public Governance.Stores.IStore? Inner { get; set; }
        public volatile bool Failing;
        protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
        {
            if (Failing && method?.Name is nameof(Governance.Stores.IStore.AuditOf)) throw new IOException("the server went away");
            try { return method!.Invoke(Inner, args); }
            catch (System.Reflection.TargetInvocationException e) { throw e.InnerException!; }
        }
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_is_reported_and_the_relay_goes_on_from_where_it_was()
    {
        var t0 = DateTimeOffset.UnixEpoch.AddYears(56);
        var clock = new FakeTimeProvider(t0);
        var (store, recording, reported) = Open(clock);
        using (store)
        {
            var flaky = System.Reflection.DispatchProxy.Create<Governance.Stores.IStore, Flaky>();
            ((Flaky)(object)flaky).Inner = store;
            var troubles = new List<Exception>();
            using var changes = store.WatchChanges();
            var relay = new EventRelay(flaky, changes, [recording], n => { lock (reported) reported.Add(n); }, EventRelay.Now(store), e => { lock (troubles) troubles.Add(e); });
            using var stop = new CancellationTokenSource();
            var running = relay.RunAsync(stop.Token);
            var before = store.Runs().RecordAlert(AlertOf("run-1", 1, t0.AddSeconds(1)));
            await Until(() => { lock (recording.Events) return recording.Events.Count == 1; });
            ((Flaky)(object)flaky).Failing = true;
            var during = store.Runs().RecordAlert(AlertOf("run-1", 2, t0.AddSeconds(2)));
            await Until(() => { lock (troubles) return troubles.Count >= 1; });
            ((Flaky)(object)flaky).Failing = false;
            var after = store.Runs().RecordAlert(AlertOf("run-1", 3, t0.AddSeconds(3)));
            await Until(() => { lock (recording.Events) return recording.Events.Count == 3; });
            await stop.CancelAsync();
            await running;
            Assert.Equal("the server went away", troubles[0].Message);
            // Nothing lost, nothing twice: the alert raised while the store could not be read is relayed once it can.
            Assert.Equal([before.Value, during.Value, after.Value], recording.Events.Select(e => e.Alert));
        }
    }
}
