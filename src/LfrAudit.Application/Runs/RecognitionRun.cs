using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Application.Runs;

/// <summary>A run as asked for: against an enrolled watchlist, or as part of a live deployment (its frozen watchlist and threshold apply).</summary>
public sealed record RunRequest(EnrolledWatchlist? Watchlist, DeploymentId? Deployment, CameraId? Camera, Threshold? Threshold,
    QualityGate Gate, FrameSampling Sampling)
{
    /// <summary>Detect faces on one frame in this many, tracking the frames between (<see cref="PipelineOptions.DetectEvery"/>).</summary>
    public int DetectEvery { get; init; } = 1;
}

/// <summary>A run about to start: the watchlist and options in force, everything decided.</summary>
public sealed record PreparedRun(EnrolledWatchlist Watchlist, PipelineOptions Options, Deployment? Deployment);

/// <summary>
/// A recognition run: the rules decide what is in force (a deployment's frozen watchlist and recorded threshold,
/// its cameras, its planned end), then the pipeline runs over the source and records into the store.
/// </summary>
/// <remarks>One per camera at a time: the detector, embedder and sharpness measure are not thread-safe.</remarks>
public sealed class RecognitionRun(IStore store, IFaceDetector detector, IFaceEmbedder embedder, IEvidenceEncoder evidence,
    IFaceSharpness? sharpness = null)
{
    private TimeProvider Clock => store.Clock;

    /// <summary>The licence terms accepted to run the embedder, recorded with each run (null for a model licensed for any use).</summary>
    public string? ModelLicence { get; init; }

    /// <param name="modelDefault">The threshold calibrated for the embedder (used outside a deployment when none is asked for).</param>
    public PreparedRun Prepare(RunRequest r, Threshold modelDefault)
    {
        if ((r.Watchlist is null) == (r.Deployment is null)) throw new LfrInputException("a run needs either a watchlist or a live deployment, not both");
        Deployment? deployment = null;
        var watchlist = r.Watchlist;
        if (r.Deployment is { } id)
        {
            deployment = store.Deployments.Find(id) ?? throw new LfrInputException($"deployment {id} does not exist");
            RunRules.RequireRunnable(deployment, r.Camera, r.Threshold is not null, Clock.GetUtcNow());
            RunRules.RequireCameraFree(deployment, RunRules.CameraFor(deployment, r.Camera), store.Deployments.RunsOf(deployment.Id));
            watchlist = store.Watchlists.Find(deployment.Watchlist!.Name, deployment.Watchlist.ContentHash)
                ?? throw new LfrInputException($"deployment {deployment.Id}: its frozen watchlist '{deployment.Watchlist.Name}' ({deployment.Watchlist.ContentHash[..12]}…) is no longer in the store");
        }
        var options = new PipelineOptions
        {
            Run = RunId.New(Clock.GetUtcNow()),
            Deployment = deployment?.Id,
            Camera = RunRules.CameraFor(deployment, r.Camera),
            Threshold = RunRules.ThresholdInForce(deployment, r.Threshold, modelDefault),
            Gate = r.Gate,
            Sampling = r.Sampling,
            DetectEvery = r.DetectEvery,
            StopAt = deployment?.PlannedEnd,
            ModelLicence = ModelLicence,
        };
        return new PreparedRun(watchlist!, options, deployment);
    }

    /// <summary>Runs a prepared run over <paramref name="source"/> until it ends or is cancelled.</summary>
    public Task<RunSummary> RunAsync(IFrameSource source, PreparedRun run, IProgress<PipelineProgress>? progress, CancellationToken cancellation) =>
        new RecognitionPipeline(detector, embedder, evidence, store.Runs(), Clock, sharpness)
            .RunAsync(source, run.Watchlist, run.Options, progress, cancellation);
}
