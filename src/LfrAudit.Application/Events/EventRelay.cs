using LfrAudit.Core.Identifiers;
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
/// <param name="from">Where each site's log is followed from: its size when the relay was set up (what came before is
/// history). A site first seen later is followed from its size then.</param>
/// <param name="trouble">Told when the store cannot be read; the relay waits a second and reads again from where it was.</param>
public sealed class EventRelay(IStore store, IStoreChanges changes, IReadOnlyList<IEventSink> sinks, Action<EventNotDelivered> notDelivered,
    IReadOnlyDictionary<SiteId, long> from, Action<Exception> trouble)
{
    /// <summary>Where each site's log stands now: the starting point of a relay set up now.</summary>
    public static Dictionary<SiteId, long> Now(IStore store) => Sites(store).ToDictionary(s => s, s => store.AuditOf(s).Size);

    // A central store holds a log per site (a van's alerts are in the van's): every one is followed, but the registry's.
    private static IEnumerable<SiteId> Sites(IStore store) => store.Sites().Where(s => s != SiteId.Registry);

    /// <summary>How long one sink may take over one event before it is given up on.</summary>
    public static readonly TimeSpan SendLimit = TimeSpan.FromSeconds(5);

    /// <summary>Relays until <paramref name="stop"/>, from where it was set up; a store that cannot be read is tried again, never given up on.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var next = new Dictionary<SiteId, long>(from);
        while (!stop.IsCancellationRequested)
        {
            long mark = changes.Mark;
            try
            {
                foreach (var site in Sites(store))
                {
                    if (!next.ContainsKey(site)) next[site] = store.AuditOf(site).Size;
                    foreach (var line in store.AuditOf(site).EntriesFrom(next[site]))
                    {
                        if (stop.IsCancellationRequested) return;
                        if (!AuditEntry.TryParse(line, out var entry, out _)) { next[site]++; continue; } // the verifier's to report, not the relay's
                        next[site] = entry.Seq + 1;
                        if (OutboundEvent.From(entry, site, store) is { } e)
                            foreach (var sink in sinks) await Deliver(sink, e, stop).ConfigureAwait(false);
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
