using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Application.Live;

/// <summary>One camera of a live deployment, by the name the deployment gives it, and where its pictures come from.</summary>
public sealed record CameraFeed(CameraId Camera, string Source);

/// <summary>A live deployment's cameras to run together in one service.</summary>
public sealed record ServeRequest(DeploymentId Deployment, IReadOnlyList<CameraFeed> Cameras, QualityGate Gate, FrameSampling Sampling)
{
    /// <summary>Each camera detects faces on one frame in this many, tracking the frames between (<see cref="PipelineOptions.DetectEvery"/>).</summary>
    public int DetectEvery { get; init; } = 1;
}

/// <summary>What one camera did while the service ran: its run as recorded, or the problem that stopped it.</summary>
public sealed record CameraOutcome(CameraId Camera, string Source, PreparedRunView Run, RunSummary? Summary, string? Problem)
{
    /// <summary>The camera stopped on a problem.</summary>
    public bool Failed => Problem is not null;
}

/// <summary>A camera's run as prepared: its id, threshold and watchlist in force.</summary>
public sealed record PreparedRunView(RunId Run, Threshold Threshold, string Watchlist, string WatchlistHash, int WatchlistEntries);

/// <summary>The service's end: every camera's outcome.</summary>
public sealed record ServeResult(DeploymentId Deployment, IReadOnlyList<CameraOutcome> Cameras);

/// <summary>What a front end is told while the service runs (called from the cameras' threads).</summary>
public interface IServiceMonitor
{
    /// <summary>A camera's run started.</summary>
    void Started(CameraId camera, string source, PreparedRunView run);
    /// <summary>A camera's run went on (frames, faces, alerts so far).</summary>
    void Progress(CameraId camera, PipelineProgress progress);
    /// <summary>A camera's run stopped, and how.</summary>
    void Stopped(CameraOutcome outcome);
}
