using LfrAudit.Application.Events;
using LfrAudit.Governance.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LfrAudit.Web.Events;

/// <summary>
/// The console's outbound events (<see cref="EventRelay"/>) for as long as the console runs, each failure logged. It relays
/// from the log's size when the console starts, taken here: the host runs <see cref="ExecuteAsync"/> on a thread of its
/// own, which may begin after an alert already came.
/// </summary>
internal sealed partial class EventRelayService(IStore store, IStoreChanges changes, IReadOnlyList<IEventSink> sinks, ILogger<EventRelayService> log) : BackgroundService
{
    private readonly RelayStart _from = EventRelay.Now(store);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new EventRelay(store, changes, sinks, n => NotDelivered(log, n.Event.Kind, n.Event.Alert, n.Sink, n.Problem), _from,
            e => StoreTrouble(log, store.Explain(e)?.Message ?? e.Message.Split('\n')[0], e)).RunAsync(stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound events wait: the store cannot be read ({Problem}); trying again in a second")]
    private static partial void StoreTrouble(ILogger log, string problem, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {Kind} of alert {Alert} not delivered to {Sink}: {Problem}")]
    private static partial void NotDelivered(ILogger log, string kind, long alert, string sink, string problem);
}
