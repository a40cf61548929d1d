namespace LfrAudit.Application.Events;

/// <summary>Where outbound events go (a webhook, an MQTT broker): one event at a time, in the log's order.</summary>
public interface IEventSink
{
    /// <summary>What it is, as a log line names it ("webhook https://…", "mqtt://…").</summary>
    string Name { get; }

    /// <summary>Delivers one event; throws when it cannot (the relay logs it and goes on).</summary>
    Task SendAsync(OutboundEvent e, CancellationToken cancellation);
}
