using System.Diagnostics;
using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Measurement.Stores;

/// <summary>What one site's load run recorded: every alert and head the store acknowledged.</summary>
public sealed record StoreLoadResult(SiteId Site, RunId Run, int Alerts, int Heads, double Seconds)
{
    /// <summary>Alerts the store acknowledged a second, durably (0 for a run of no length).</summary>
    public double AlertsPerSecond => Seconds > 0 ? Alerts / Seconds : 0;
    /// <summary>Signed tree heads the store took a second.</summary>
    public double HeadsPerSecond => Seconds > 0 ? Heads / Seconds : 0;
}

/// <summary>
/// How fast a store takes alerts and signed heads from one site, and what it keeps under faults: one run that
/// records alerts back to back through the same journal the pipeline uses (each durable before the next), a
/// per-minute count each second and a signed tree head every so many alerts. The alerts are synthetic (random
/// bytes for the crop and a random unit vector for the embedding, sealed like any evidence): this measures the
/// store, not recognition, and its runs say so in their source.
/// </summary>
public static class StoreLoad
{
    /// <summary>What a load run's source says, so that its synthetic alerts are never mistaken for a camera's.</summary>
    public const string Source = "store load test (synthetic alerts)";

    /// <summary>Records alerts until <paramref name="duration"/> or <paramref name="maxAlerts"/> is reached, a head signed by
    /// <paramref name="signer"/> every <paramref name="headEvery"/> alerts; <paramref name="acknowledged"/> hears of each.</summary>
    public static StoreLoadResult Run(IStore store, ECDsa signer, TimeSpan duration, int maxAlerts, int headEvery,
        Action<string> acknowledged, CancellationToken cancel)
    {
        var clock = store.Clock;
        var run = RunId.New(clock.GetUtcNow());
        var camera = new CameraId($"{store.Site}-load");
        var journal = store.Runs();
        journal.BeginRun(new RunStart(run, camera, Source, "load", new string('0', 64), 1, new Threshold(0.5), QualityGate.Default,
            "every frame", "none", clock.GetUtcNow()));
        var random = new Random(HashCode.Combine(store.Site.Value, run.Value));
        var watch = Stopwatch.StartNew();
        int alerts = 0, heads = 0;
        long lastSecond = 0;
        var end = RunEnd.Completed;
        try
        {
            while (watch.Elapsed < duration && alerts < maxAlerts)
            {
                cancel.ThrowIfCancellationRequested();
                var id = journal.RecordAlert(Synthetic(run, camera, alerts, clock.GetUtcNow(), random));
                alerts++;
                acknowledged($"alert {id.Value}");
                if (alerts % headEvery == 0)
                {
                    var head = store.Audit.IssueTreeHead(signer);
                    heads++;
                    acknowledged($"head {head.TreeSize}");
                }
                if ((long)watch.Elapsed.TotalSeconds is var second && second > lastSecond)
                {
                    lastSecond = second;
                    journal.RecordFaceCounts(new FaceCountMinute(run, camera, clock.GetUtcNow(), 1, 1, 0, 1, 1));
                }
            }
        }
        catch (OperationCanceledException) { end = RunEnd.Cancelled; }
        var seconds = watch.Elapsed.TotalSeconds;
        var now = clock.GetUtcNow();
        journal.EndRun(new RunSummary(run, end, now - watch.Elapsed, now, alerts, 0, 0, alerts, alerts, alerts, alerts, 0, alerts, alerts, 0, 0, []));
        return new StoreLoadResult(store.Site, run, alerts, heads, seconds);
    }

    private static Alert Synthetic(RunId run, CameraId camera, int i, DateTimeOffset at, Random random)
    {
        var crop = new byte[2048];
        random.NextBytes(crop);
        (crop[0], crop[1]) = (0xFF, 0xD8);
        var embedding = new float[128];
        for (int k = 0; k < embedding.Length; k++) embedding[k] = (float)(random.NextDouble() - 0.5);
        var norm = MathF.Sqrt(embedding.Sum(v => v * v));
        for (int k = 0; k < embedding.Length; k++) embedding[k] /= norm;
        return new Alert(run, camera, i, at, new WatchlistEntryId("LOAD-1"), WatchlistCategory.CourtWarrant, 0.9f, new Threshold(0.5),
            new BoxF(10, 10, 64, 64), crop, embedding);
    }
}
