using System.Diagnostics;
using LfrAudit.Application.Audit;
using LfrAudit.Application.Live;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// lfr serve: a live deployment's cameras in one long-running service until they end or it is stopped
/// (Ctrl+C or SIGTERM). Its output is a log of events, one line each, on a terminal or not.
/// </summary>
internal static class ServeCommand
{
    private static Argument<string> Deployment => new("deployment") { Description = "The live deployment to serve" };
    private static Option<string[]> Cameras => new("--camera")
    {
        Description = "NAME=SOURCE: one of the deployment's cameras and its video file, stream URL or camera index (repeat for each camera)",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };
    private static Option<double> StatusEvery => new Option<double>("--status-every")
    {
        Description = "Seconds between status lines per camera", DefaultValueFactory = _ => 10,
    }.Within(0.1, 86_400);
    private static Option<bool> Json => new("--json") { Description = "Write the cameras' runs as JSON when the service ends" };
    private static Option<string?> Console => new("--console") { Description = "Also serve the operators' console at this address, e.g. http://127.0.0.1:8080" };

    public static Command Create(CommandBinder bind)
    {
        var cmd = new Command("serve", "Run a live deployment's cameras together until they end or the service is stopped (Ctrl+C or SIGTERM ends it cleanly)")
        {
            Deployment, Cameras, StatusEvery, Json, Console,
        };
        RecognitionOptions.AddTo(cmd);
        ConsoleOptions.AddTo(cmd);
        ModelOptions.AddTo(cmd);
        bind.Bind(cmd, Uses.Store | Uses.AuditKey | Uses.Settings | Uses.Models, Execute);
        return cmd;
    }

    private static async Task<int> Execute(CommandContext c)
    {
        var feeds = c.Get(Cameras)!.Select(ParseFeed).ToList();
        var request = new ServeRequest(new DeploymentId(c.Get(Deployment)!), feeds, RecognitionOptions.Gate(c), RecognitionOptions.Sampling(c))
        {
            DetectEvery = c.Get(RecognitionOptions.DetectEvery),
        };
        var consoleSettings = c.Get(Console) is { } listen ? ConsoleOptions.Settings(c, listen) : null;
        // The console's options mean nothing without it: refused, rather than a service that quietly sends no events.
        if (consoleSettings is null && ConsoleOptions.ConsoleOnlyGiven(c) is { } given)
            throw new LfrInputException($"{given} is for the operators' console: give --console ADDRESS too");
        using var db = c.OpenDatabase();
        // The console on a session of its own: browsers' reads never wait behind the cameras' writes on one connection,
        // and the cameras' commits still wake its alert streams at once (the same store in this process).
        using var consoleDb = consoleSettings is null ? null : c.OpenDatabase();
        await using var console = consoleDb is null ? null : await Web.OperatorConsole.StartAsync(consoleDb, consoleSettings!, c.Cancellation).ConfigureAwait(false);
        if (console is not null) ConsoleAnnouncement.Announce(c.Output, consoleSettings!, console);
        // Several cameras share the cores between their pipelines: each detector and embedder then keeps to one thread.
        var service = new DeploymentLiveService(db, () => ModelOptions.Open(c, threadsPerModel: feeds.Count > 1 ? 1 : null), source => VisionAdapters.OpenSource(source, c.Get(RecognitionOptions.DecodeSize)), VisionAdapters.Evidence);
        var monitor = new Monitor(c, TimeSpan.FromSeconds(c.Get(StatusEvery)));
        c.Output.Line($"serving deployment {request.Deployment} with {feeds.Count} camera{(feeds.Count == 1 ? "" : "s")}; stop with Ctrl+C or SIGTERM");
        using var stopSigning = CancellationTokenSource.CreateLinkedTokenSource(c.Cancellation);
        var signing = TreeHeadSchedule.RunAsync(db, TimeSpan.FromMinutes(1), stopSigning.Token);
        var result = await service.ServeAsync(request, monitor, c.Cancellation).ConfigureAwait(false);
        await stopSigning.CancelAsync().ConfigureAwait(false);
        await signing.ConfigureAwait(false);

        if (c.Get(Json))
            c.Output.Json(new
            {
                deployment = result.Deployment.Value,
                cameras = result.Cameras.Select(o => new
                {
                    camera = o.Camera.Value, source = o.Source, run = o.Run.Run.Value, problem = o.Problem,
                    end = o.Summary?.End, frames_processed = o.Summary?.FramesProcessed, frames_dropped_behind_live = o.Summary?.FramesDroppedBehindLive,
                    detections = o.Summary?.Detections, faces_seen = o.Summary?.FacesSeen, searches = o.Summary?.Searches, alerts = o.Summary?.AlertsRaised,
                    frames_per_second = o.Summary is { } s ? Math.Round(s.FramesPerSecond, 2) : (double?)null, warnings = o.Summary?.Warnings,
                }),
            });
        c.Output.Line(c.Cancellation.IsCancellationRequested ? "service stopped: every camera's run ended and is recorded" : "service ended: every camera's source ended");
        // A camera that could not go on is named above; the service itself ended cleanly either way.
        return result.Cameras.Any(o => o.Failed) ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    private static CameraFeed ParseFeed(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
            throw new LfrInputException($"--camera {StreamAddress.RedactWithin(text)}: expected NAME=SOURCE, e.g. van-1=rtsp://192.0.2.10/stream1");
        return new CameraFeed(new CameraId(text[..eq]), text[(eq + 1)..]);
    }

    /// <summary>Writes the service's events as lines: each camera's start, each alert, a status line per interval, each camera's end.</summary>
    private sealed class Monitor(CommandContext c, TimeSpan every) : IServiceMonitor
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<CameraId, (Stopwatch SinceStatus, long Alerts)> _cameras = [];

        public void Started(CameraId camera, string source, PreparedRunView run)
        {
            lock (_gate)
            {
                _cameras[camera] = (Stopwatch.StartNew(), 0);
                c.Output.Line($"{camera}: {source} → run {run.Run} against '{run.Watchlist}' ({run.WatchlistEntries} entries) at threshold {run.Threshold}");
            }
            c.Log.Information("Camera {Camera} started run {Run} on {Source}", camera.Value, run.Run.Value, source);
        }

        public void Progress(CameraId camera, PipelineProgress p)
        {
            lock (_gate)
            {
                var (since, alerts) = _cameras[camera];
                if (p.AlertsRaised > alerts)
                    c.Output.Line($"{camera}: alert raised ({p.AlertsRaised} on this camera so far): adjudicate with 'lfr alerts review'");
                if (since.Elapsed >= every)
                {
                    c.Output.Line($"{camera}: {p.FramesRead} frames read, {p.FramesProcessed} searched, {p.FacesSeen} people gone past, {p.AlertsRaised} alerts");
                    since.Restart();
                }
                _cameras[camera] = (since, p.AlertsRaised);
            }
        }

        public void Stopped(CameraOutcome o)
        {
            lock (_gate)
            {
                if (o.Problem is { } problem)
                {
                    c.Output.Problem($"error: {o.Camera}: {problem}; the other cameras carry on");
                    return;
                }
                var s = o.Summary!;
                foreach (var w in s.Warnings) c.Output.Problem($"warning: {o.Camera}: {w}");
                var how = s.End switch
                {
                    RunEnd.Cancelled => "stopped",
                    RunEnd.PlannedEndReached => "stopped at the deployment's planned end",
                    _ => s.End.ToString().ToLowerInvariant(),
                };
                c.Output.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{o.Camera}: {how}: {s.FramesProcessed} frames searched ({s.FramesDroppedBehindLive} dropped behind live), {s.FacesSeen} faces seen from {s.Detections} detections, {s.AlertsRaised} alerts, {s.FramesPerSecond:F1} fps"));
            }
        }
    }
}
