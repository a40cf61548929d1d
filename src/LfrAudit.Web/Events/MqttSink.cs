using LfrAudit.Application.Events;
using MQTTnet;
using MQTTnet.Protocol;

namespace LfrAudit.Web.Events;

/// <summary>
/// Events published to an MQTT broker, as Frigate publishes its events: the event's JSON on
/// <c>PREFIX/SITE/KIND</c> (for example <c>lfraudit/van-1/alert.raised</c>), at least once (QoS 1), never retained. The
/// connection is opened on the first event and again after the broker dropped it (an event whose publishing finds the
/// connection gone is tried once more on a new one).
/// </summary>
internal sealed class MqttSink(Uri broker, string topicPrefix) : IEventSink, IDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly SemaphoreSlim _one = new(1, 1);
    // Unique per process, whatever the machine: two containers both running as process 1 must not take each other's session.
    private readonly string _clientId = $"lfraudit-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}";

    public string Name => $"mqtt {broker.Host}:{Port}";

    private int Port => broker.IsDefaultPort || broker.Port < 0 ? 1883 : broker.Port;

    public async Task SendAsync(OutboundEvent e, CancellationToken cancellation)
    {
        await _one.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var message = new MqttApplicationMessageBuilder().WithTopic($"{topicPrefix}/{e.Site}/{e.Kind}").WithPayload(e.ToJsonBytes())
                .WithContentType("application/json").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(false).Build();
            MqttClientPublishResult published;
            try { published = await ConnectedThenPublish(message, cancellation).ConfigureAwait(false); }
            catch (Exception ex) when (ex is not OperationCanceledException && !_client.IsConnected)
            {
                // The broker went away since the last event (restarted, failed over) and the client learnt it only now:
                // once more on a new connection, so the first event after a restart is not the one lost.
                published = await ConnectedThenPublish(message, cancellation).ConfigureAwait(false);
            }
            if (!published.IsSuccess) throw new InvalidOperationException($"the broker refused the event: {published.ReasonCode}");
        }
        finally { _one.Release(); }
    }

    private async Task<MqttClientPublishResult> ConnectedThenPublish(MqttApplicationMessage message, CancellationToken cancellation)
    {
        if (!_client.IsConnected)
            await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, Port).WithClientId(_clientId)
                .WithCleanSession().Build(), cancellation).ConfigureAwait(false);
        return await _client.PublishAsync(message, cancellation).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _client.Dispose();
        _one.Dispose();
    }
}
