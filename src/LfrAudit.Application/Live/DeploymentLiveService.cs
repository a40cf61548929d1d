using LfrAudit.Application.Runs;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Application.Live;

/// <summary>
/// Runs a live deployment's cameras together in one long-running service: one recognition pipeline per
/// camera, each with models of its own (they are not thread-safe; the caller opens them on one inference thread
/// each when there are several cameras, so the cameras share the cores instead of fighting over them); a live
/// camera that falls behind drops frames (counted) rather than queueing them. Where the embedder takes many faces
/// a call (a GPU), the cameras share the first camera's embedder, which batches their faces together
/// (<see cref="SharedEmbedder"/>). Everything is recorded per camera, as one run each. A camera that stops (its
/// file ends, it cannot be reached, it gives up reconnecting) ends its own run; the others carry on. The deployment's rules are checked for every camera before any starts: what a single run may not do,
/// the service does not do either. Stopping (a signal) ends every run cleanly: each alert already raised was
/// stored when it was raised, and every run's end is recorded.
/// </summary>
public sealed class DeploymentLiveService(IStore store, Func<IRecognitionModels> openModels, Func<string, IFrameSource> openSource, IEvidenceEncoder evidence)
{
    /// <summary>Runs every camera of the deployment <paramref name="r"/> names until its planned end or <paramref name="stop"/>.</summary>
    public async Task<ServeResult> ServeAsync(ServeRequest r, IServiceMonitor monitor, CancellationToken stop)
    {
        if (r.Cameras.Count == 0) throw new LfrInputException($"deployment {r.Deployment}: name at least one camera and its source");
        var twice = r.Cameras.GroupBy(c => c.Camera).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new LfrInputException($"camera '{twice.Key}' is given twice: one source per camera");

        var cameras = new List<(CameraFeed Feed, IRecognitionModels Models, IFrameSource Source, RecognitionRun Recognition, PreparedRun Run)>();
        SharedEmbedder? shared = null;
        try
        {
            foreach (var feed in r.Cameras)
            {
                IFrameSource source;
                // Every camera must answer before the service starts; once running, a camera that drops is reconnected.
                try { source = openSource(feed.Source); }
                catch (LfrInputException ex) { throw new LfrInputException($"camera '{feed.Camera}': {ex.Message}", ex); }
                IRecognitionModels? models = null;
                try
                {
                    models = openModels();
                    // Where one call takes many faces (a GPU), every camera's faces go through the first camera's embedder together.
                    if (shared is null && r.Cameras.Count > 1 && models.FaceEmbedder.PreferredBatch > 1) shared = new SharedEmbedder(models.FaceEmbedder);
                    var recognition = UseCases.Recognition(store, models, evidence, shared);
                    // The same rules as a single run, per camera: live deployment, its camera, its threshold, before its planned end.
                    var run = recognition.Prepare(new RunRequest(null, r.Deployment, feed.Camera, null, r.Gate, r.Sampling) { DetectEvery = r.DetectEvery }, models.DefaultThreshold);
                    cameras.Add((feed, models, source, recognition, run));
                }
                catch
                {
                    models?.Dispose();
                    source.Dispose();
                    throw;
                }
            }
            var outcomes = await Task.WhenAll(cameras.Select(c => Task.Run(() => RunCamera(c.Feed, c.Source, c.Recognition, c.Run, monitor, stop)))).ConfigureAwait(false);
            return new ServeResult(r.Deployment, outcomes);
        }
        finally
        {
            shared?.Dispose();
            foreach (var c in cameras)
            {
                c.Source.Dispose();
                c.Models.Dispose();
            }
        }
    }

    private static async Task<CameraOutcome> RunCamera(CameraFeed feed, IFrameSource source, RecognitionRun recognition, PreparedRun run,
        IServiceMonitor monitor, CancellationToken stop)
    {
        var view = new PreparedRunView(run.Options.Run, run.Options.Threshold, run.Watchlist.Name, run.Watchlist.ContentHash, run.Watchlist.Entries.Count);
        monitor.Started(feed.Camera, source.Description, view);
        CameraOutcome outcome;
        try
        {
            var summary = await recognition.RunAsync(source, run, new Progress(feed.Camera, monitor), stop).ConfigureAwait(false);
            outcome = new CameraOutcome(feed.Camera, source.Description, view, summary, null);
        }
        // The camera's run is already recorded as failed; the service goes on with the other cameras.
        catch (Exception ex) when (ex is IOException or InvalidDataException or LfrInputException)
        {
            outcome = new CameraOutcome(feed.Camera, source.Description, view, null, ex.Message.Split('\n')[0]);
        }
        monitor.Stopped(outcome);
        return outcome;
    }

    // Reports straight through on the camera's own thread (System.Progress would post to the thread pool, out of order).
    private sealed class Progress(CameraId camera, IServiceMonitor monitor) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => monitor.Progress(camera, value);
    }
}
