using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using LfrAudit.Application.Events;
using LfrAudit.Testing.Brokers;
using LfrAudit.Web.Events;
using MQTTnet;

namespace LfrAudit.Web.Tests;

/// <summary>
/// The MQTT sink against Debian's mosquitto when the broker goes away and comes back on the same address: an event sent
/// while it is down fails in one line (the relay reports it; the audit log is the record), and the sink connects again by
/// itself, so the next event after a restart arrives, even when nothing was sent while it was down.
/// </summary>
public sealed class MqttSinkTests
{
    private static OutboundEvent Event(long alert) => new(OutboundEventKinds.Raised, "van-1", alert, alert, DateTimeOffset.UnixEpoch.AddYears(57), "DEP-1", "van-1", "WL-1", "court-warrant", 0.7);

    private static async Task<(IMqttClient Client, ConcurrentQueue<long> Alerts)> Subscribe(int port)
    {
        var alerts = new ConcurrentQueue<long>();
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            alerts.Enqueue(JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray()).RootElement.GetProperty("alert").GetInt64());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).Build());
        await client.SubscribeAsync(new MqttClientFactory().CreateSubscribeOptionsBuilder().WithTopicFilter("lfraudit/#").Build());
        return (client, alerts);
    }

    private static async Task<bool> Arrives(ConcurrentQueue<long> alerts, long alert)
    {
        for (int i = 0; i < 100; i++)
        {
            if (alerts.Contains(alert)) return true;
            await Task.Delay(50);
        }
        return false;
    }

    [Fact]
    public async Task After_the_broker_restarts_the_next_event_arrives_and_one_sent_while_it_was_down_fails_in_one_line()
    {
        var first = await LoopbackBroker.StartAsync();
        int port = first.Port;
        using var sink = new MqttSink(first.Address, "lfraudit");
        var (subscriber, alerts) = await Subscribe(port);
        await sink.SendAsync(Event(1), CancellationToken.None);
        Assert.True(await Arrives(alerts, 1));
        subscriber.Dispose();

        // Restarted between two events: the sink connects again by itself (and, had it learnt of the loss only as it published, would try once more).
        first.Dispose();
        using (var second = await LoopbackBroker.StartAsync(port))
        {
            (subscriber, alerts) = await Subscribe(port);
            await sink.SendAsync(Event(2), CancellationToken.None);
            Assert.True(await Arrives(alerts, 2), "the first event after a restart was lost");
            subscriber.Dispose();
        }

        // Down while an event is sent: refused in one line, and the next after it comes back arrives.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var down = await Assert.ThrowsAnyAsync<Exception>(() => sink.SendAsync(Event(3), limit.Token));
        Assert.DoesNotContain('\n', down.Message.Trim());
        using var third = await LoopbackBroker.StartAsync(port);
        (subscriber, alerts) = await Subscribe(port);
        await sink.SendAsync(Event(4), CancellationToken.None);
        Assert.True(await Arrives(alerts, 4), "no event arrived after the broker came back");
        Assert.DoesNotContain(3L, alerts);
        subscriber.Dispose();
    }
}
