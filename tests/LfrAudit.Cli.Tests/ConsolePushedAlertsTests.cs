using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Storage.Relational;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Alerts pushed to the operator's page, not polled, under four cameras' load: a live deployment's four cameras run in a
/// service of their own (another process, as in a van whose console runs apart), the console here; each alert the service
/// commits is on the operator's page in Debian's Chromium within a second of being in the store, and the console opens the
/// sealed evidence of no alert but those whose images the page asked for.
/// </summary>
[Trait("Category", "Slow")]
[Collection(SeededCollection.Name)]
public sealed class ConsolePushedAlertsTests(SeededStore seeded) : IDisposable
{
    private const string Operator = "op.van";
    private readonly TempDir _dir = new();

    private string DemoClip => Path.Combine(Path.GetDirectoryName(seeded.Path)!, "demo-clip.avi");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Four_cameras_alerts_reach_the_operators_page_within_a_second_with_only_shown_evidence_opened()
    {
        var t = seeded.Timeline;
        var path = await LiveDeployment.In(seeded, _dir, "DEP-P", "van-1", "van-2", "van-3", "van-4");
        var clock = new FakeTimeProvider(t.At(10, 10, 20));
        using var db = SqliteDatabase.Open(path, clock);
        AlertCardsOnPage.AddOperator(db, clock, Operator, "DEP-P");
        long before = db.Runs().Summaries().Count;

        // Every decryption of this store's evidence in this process (the console's), counted.
        long opened = 0;
        using var meter = new MeterListener();
        meter.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EvidenceMetrics.MeterName && instrument.Name == EvidenceMetrics.OpenedName) listener.EnableMeasurementEvents(instrument);
        };
        meter.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "store" && Equals(tag.Value, db.Location)) Interlocked.Add(ref opened, value);
        });
        meter.Start();

        await using var console = await OperatorConsole.StartAsync(db, new ConsoleSettings { Listen = new Uri("http://127.0.0.1:0") });
        using var pw = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(pw);
        var page = await Chromium.SignedInAsync(browser, console.Address, Operator, TestConsole.Password);
        // When each alert first appears on the page, by the page's clock (this machine's, as the test's).
        await AlertCardsOnPage.WatchAsync(page);

        // When each alert is first in the store, looked for every 20 ms on a connection of the test's own.
        var inStore = new ConcurrentDictionary<long, long>();
        using var stopWatching = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            c.Open();
            while (!stopWatching.IsCancellationRequested)
            {
                using (var q = c.CreateCommand())
                {
                    q.CommandText = "SELECT a.alert_id FROM alerts a JOIN runs r ON r.run_id = a.run_id WHERE r.deployment_id = 'DEP-P'";
                    try
                    {
                        using var r = q.ExecuteReader();
                        while (r.Read()) inStore.TryAdd(r.GetInt64(0), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    }
                    catch (SqliteException) { } // busy for a moment: looked at again in 20 ms
                }
                await Task.Delay(20);
            }
        });

        // The service: four file cameras of the same clip, read as live, in a process of its own.
        var psi = Lfr.Process(null, Lfr.WithModels("serve", "DEP-P", "--camera", $"van-1={DemoClip}", "--camera", $"van-2={DemoClip}",
            "--camera", $"van-3={DemoClip}", "--camera", $"van-4={DemoClip}", "--db", path, "--now", t.Now(10, 10, 30)));
        using var service = Process.Start(psi)!;
        var said = new ConcurrentQueue<string>();
        service.OutputDataReceived += (_, e) => { if (e.Data is not null) said.Enqueue(e.Data); };
        service.ErrorDataReceived += (_, e) => { if (e.Data is not null) said.Enqueue(e.Data); };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4))) await service.WaitForExitAsync(limit.Token);
        Assert.True(service.ExitCode == 0, string.Join("\n", said));
        await Task.Delay(1500); // the last alerts' time to arrive
        await stopWatching.CancelAsync();
        await watching;

        var onPage = await AlertCardsOnPage.SeenAsync(page);
        Assert.True(inStore.Count >= 4, $"the four cameras raised {inStore.Count} alerts:\n{string.Join("\n", said)}");
        var late = new List<string>();
        var delays = new List<long>();
        foreach (var (id, storedAt) in inStore)
        {
            Assert.True(onPage.TryGetValue(id, out var shownAt), $"alert {id} never reached the page");
            delays.Add(shownAt - storedAt);
            if (shownAt - storedAt > 1000) late.Add($"alert {id}: {shownAt - storedAt} ms");
        }
        Assert.True(late.Count == 0, "alerts on the page more than a second after they were in the store: " + string.Join(", ", late));
        delays.Sort();
        Console.WriteLine($"pushed alerts: {delays.Count}, from store to page median {delays[delays.Count / 2]} ms, longest {delays[^1]} ms");

        // Evidence: opened only for the probe images the page asked for (each one an evidence.viewed entry), never for the queue.
        long probesShown = db.Audit.Entries().Select(e => JsonDocument.Parse(e)).Count(e =>
            e.RootElement.GetProperty("type").GetString() == EvidenceViewed.TypeName && e.RootElement.GetProperty("data").GetProperty("by").GetString() == Operator);
        Assert.Equal(probesShown, Interlocked.Read(ref opened));
        Assert.True(opened < inStore.Count + before, $"{opened} alerts' evidence opened for {inStore.Count} alerts shown");
    }
}
