using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Application.Events;

/// <summary>A sink's failure to deliver an event, as the relay reports it.</summary>
public sealed record EventNotDelivered(string Sink, OutboundEvent Event, string Problem);

/// <summary>
/// Follows the store's audit log from the moment it starts and tells every sink of each alert raised, decided or given an
/// outcome, in the log's order, as the store's changes wake it (<see cref="IStoreChanges"/>): no polling, and only the
/// entries not read yet are read. Delivery is at most once: a sink that fails is reported and the relay goes on (the
/// audit log, not the event stream, is the record). Each sink gets <see cref="SendLimit"/> per event.
/// </summary>
/// <param name="from">The first entry to relay: the log's size when the relay was set up (what came before is history).</param>
public sealed class EventRelay(IStore store, IStoreChanges changes, IReadOnlyList<IEventSink> sinks, Action<EventNotDelivered> notDelivered, long from)
{
    /// <summary>How long one sink may take over one event before it is given up on.</summary>
    public static readonly TimeSpan SendLimit = TimeSpan.FromSeconds(5);

    /// <summary>Relays until <paramref name="stop"/>, from the entry it was set up at.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        long next = from;
        while (!stop.IsCancellationRequested)
        {
            long mark = changes.Mark;
            foreach (var line in store.Audit.EntriesFrom(next))
            {
                if (!AuditEntry.TryParse(line, out var entry, out _)) { next++; continue; } // the verifier's to report, not the relay's
                next = entry.Seq + 1;
                if (OutboundEvent.From(entry, store.Site, store) is { } e)
                    foreach (var sink in sinks) await Deliver(sink, e, stop).ConfigureAwait(false);
            }
            await changes.WaitAsync(mark, TimeSpan.FromSeconds(5), stop).ConfigureAwait(false);
        }
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
