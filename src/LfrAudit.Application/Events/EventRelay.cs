using System.Threading.Channels;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Events;

/// <summary>A sink's failure to deliver an event, as the relay reports it.</summary>
public sealed record EventNotDelivered(string Sink, OutboundEvent Event, string Problem);

/// <summary>
/// Where a relay starts: each site's log size when it was set up (what came before is history), and when, by the store's
/// clock. A site first seen later (a van's first write to a central store) is followed from its first entry dated at or
/// after the start, less the stores' five minutes for a clock behind: a site imported later brings its history, which is
/// not news.
/// </summary>
public sealed record RelayStart(IReadOnlyDictionary<SiteId, long> Sizes, DateTimeOffset At);

/// <summary>
/// Follows the store's audit log from the moment it starts and tells every sink of each alert raised, decided or given an
/// outcome, in the log's order, as the store's changes wake it (<see cref="IStoreChanges"/>): no polling, and only the
/// entries not read yet are read. Delivery is at most once: a sink that fails is reported and the relay goes on (the
/// audit log, not the event stream, is the record). Each sink has a queue and a sender of its own, so one that is slow
/// or down never holds the others up: it gets <see cref="SendLimit"/> per event, and what overflows its queue
/// (<see cref="QueueLimit"/>) is reported, not kept.
/// </summary>
/// <param name="trouble">Told when the store cannot be read; the relay waits a second and reads again from where it was.</param>
public sealed class EventRelay(IStore store, IStoreChanges changes, IReadOnlyList<IEventSink> sinks, Action<EventNotDelivered> notDelivered,
    RelayStart from, Action<Exception> trouble)
{
    /// <summary>Where each site's log stands now: the starting point of a relay set up now.</summary>
    public static RelayStart Now(IStore store) => new(Sites(store).ToDictionary(s => s, s => store.AuditOf(s).Size), store.Clock.GetUtcNow());

    // A central store holds a log per site (a van's alerts are in the van's): every one is followed, but the registry's.
    private static IEnumerable<SiteId> Sites(IStore store) => store.Sites().Where(s => s != SiteId.Registry);

    /// <summary>How long one sink may take over one event before it is given up on.</summary>
    public static readonly TimeSpan SendLimit = TimeSpan.FromSeconds(5);

    /// <summary>Events waiting for one sink at most: a receiver down for long loses what overflows, reported.</summary>
    public const int QueueLimit = 1000;

    /// <summary>How far before the start a new site's entries are still news: the stores' tolerance for a clock behind.</summary>
    private static readonly TimeSpan ClockBehind = TimeSpan.FromMinutes(5);

    /// <summary>Relays until <paramref name="stop"/>, from where it was set up; a store that cannot be read is tried again, never given up on.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var queues = sinks.Select(s => (Sink: s, Queue: Channel.CreateBounded<OutboundEvent>(new BoundedChannelOptions(QueueLimit) { SingleReader = true, SingleWriter = true }))).ToList();
        var senders = queues.Select(q => Task.Run(() => Send(q.Sink, q.Queue.Reader, stop), CancellationToken.None)).ToList();
        try { await Follow(queues, stop).ConfigureAwait(false); }
        finally
        {
            foreach (var (_, queue) in queues) queue.Writer.TryComplete();
            await Task.WhenAll(senders).ConfigureAwait(false);
        }
    }

    private async Task Follow(List<(IEventSink Sink, Channel<OutboundEvent> Queue)> queues, CancellationToken stop)
    {
        var next = new Dictionary<SiteId, long>(from.Sizes);
        var newSites = new HashSet<SiteId>();
        while (!stop.IsCancellationRequested)
        {
            long mark = changes.Mark;
            try
            {
                foreach (var site in Sites(store))
                {
                    if (next.TryAdd(site, 0)) newSites.Add(site);
                    foreach (var line in store.AuditOf(site).EntriesFrom(next[site]))
                    {
                        if (stop.IsCancellationRequested) return;
                        if (!AuditEntry.TryParse(line, out var entry, out _)) { next[site]++; continue; } // the verifier's to report, not the relay's
                        next[site] = entry.Seq + 1;
                        if (newSites.Contains(site) && entry.At < from.At - ClockBehind) continue; // a new site's history
                        if (OutboundEvent.From(entry, site, store) is not { } e) continue;
                        foreach (var (sink, queue) in queues)
                            if (!queue.Writer.TryWrite(e))
                                notDelivered(new EventNotDelivered(sink.Name, e, $"{QueueLimit} events already wait for it (down or too slow): this one is dropped"));
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                trouble(e);
                try { await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            await changes.WaitAsync(mark, TimeSpan.FromSeconds(5), stop).ConfigureAwait(false);
        }
    }

    // One sink's sender: its events in order, each given up on after the send limit; ends when the relay stops.
    private async Task Send(IEventSink sink, ChannelReader<OutboundEvent> queue, CancellationToken stop)
    {
        try
        {
            await foreach (var e in queue.ReadAllAsync(stop).ConfigureAwait(false)) await Deliver(sink, e, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    private async Task Deliver(IEventSink sink, OutboundEvent e, CancellationToken stop)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(SendLimit);
        try { await sink.SendAsync(e, limit.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            notDelivered(new EventNotDelivered(sink.Name, e, limit.IsCancellationRequested ? $"no answer within {SendLimit.TotalSeconds:0} s" : ex.Message.Split('\n')[0]));
        }
    }
}
