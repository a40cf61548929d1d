using System.Text.Json;
using LfrAudit.Application;
using LfrAudit.Application.Accounts;
using LfrAudit.Application.Audit;
using LfrAudit.Application.Deployments;
using LfrAudit.Application.Retention;
using LfrAudit.Application.Runs;
using LfrAudit.Application.Watchlists;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Time;
using LfrAudit.Evaluation.Footage;
using LfrAudit.Evaluation.Simulation;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Oversight;
using LfrAudit.Publishing.Site;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Recognition.Tracking;
using LfrAudit.Vision;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>
/// Where a programme runs: the scenario, the output folder, its store (already open; <paramref name="Store"/> says
/// where, as shown) with its signing key kept in <paramref name="KeyFolder"/>, the labelled sets.
/// </summary>
public sealed record SimulationRequest(ProgrammeScenario Scenario, string OutFolder, string Store, string KeyFolder, string Datasets);

/// <summary>How a front end follows a programme: each step on the simulation clock, details, and long work with progress.</summary>
public interface ISimulationNarrator
{
    /// <summary>A step of the programme, at its time on the simulation clock.</summary>
    void Step(DateTimeOffset at, string text);
    /// <summary>A line of detail within a step.</summary>
    void Detail(string text);
    /// <summary>Long work of <paramref name="total"/> units; the front end may show its progress.</summary>
    Task<T> Work<T>(string task, int total, Func<Action<int>, Task<T>> work);
}

/// <summary>
/// <c>lfr simulate</c>: a programme of deployments run end to end on the simulation clock over the same services every
/// front end uses. The steps of all deployments are taken in time order — enrol the watchlists; for each deployment
/// plan it and publish its notice eight days ahead, go live, film each camera's crowd (synthesised, with truth), run
/// recognition over it, let the operators adjudicate and officers record outcomes, end, publish the outcome report the
/// next day — enforcing retention before every step; then sign, export and verify the audit log, write the IAG's
/// report and the public site, and set what happened against the truth (the programme report, the field-trial
/// analysis, the projections checked). Every step is recorded as done when it is; a killed programme resumes.
/// </summary>
public sealed class ProgrammeSimulation(IStore store, SimulationClock clock, RecognitionModels models)
{
    /// <summary>The registered users the programme acts as: a supervisor who plans and publishes, operators who decide.</summary>
    public const string Supervisor = "sim-supervisor", Operator = "sim-operator";
    private const string Via = "lfr simulate (scripted)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// When a programme's clock starts: at its first step, or, resuming, at the latest time its store already holds
    /// (a killed step may have recorded past its own start), so the record never goes back in time.
    /// </summary>
    public static DateTimeOffset ClockStart(ProgrammeScenario scenario, DateTimeOffset? storeLatest)
    {
        var first = ProgrammeTimeline.Of(scenario)[0].At;
        return storeLatest is { } latest && latest > first ? latest : first;
    }

    /// <summary>Runs (or resumes) the programme <paramref name="r"/> names, step by step, told to <paramref name="narrator"/>.</summary>
    public async Task<SimulationResult> RunAsync(SimulationRequest r, ISimulationNarrator narrator, CancellationToken cancellation)
    {
        if (!ReferenceEquals(store.Clock, clock)) throw new InvalidOperationException("the programme's store must record by the programme's clock");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var s = r.Scenario;
        var layout = new SimulationLayout(r.OutFolder);
        Directory.CreateDirectory(layout.Root);
        var state = SimulationState.LoadOrStart(layout.State, s.ContentHash);
        int resumed = state.Done.Count;
        if (resumed > 0) narrator.Detail($"resuming: {resumed} steps already done in {layout.Root}");

        // The store's signing key is made once, beside the store, and kept across a resume.
        var storeDir = r.KeyFolder;
        var keyPath = Path.Combine(storeDir, AuditKeys.PrivateFile);
        var publicKeyPath = Path.Combine(storeDir, AuditKeys.PublicFile);
        if (!File.Exists(keyPath)) AuditKeys.Generate(storeDir, overwrite: true);
        var signer = store.TreeHeadSigner = AuditKeys.LoadPrivate(keyPath);

        // A run left unfinished by a killed programme is closed as interrupted (it is part of the record), dated by the
        // programme's clock, which resumes where the store's record ends.
        foreach (var gone in store.Runs().CloseInterruptedRuns())
            narrator.Detail($"run {gone.Run} was interrupted by the kill; closed with its {gone.AlertsRaised} alerts kept");

        var pools = CrowdPools.Load(r.Datasets, s.Seed, s.Deployments.Max(d => d.WatchlistSize));
        var faces = new PhotoFaces(models.Detector);
        var operators = new SimulatedOperator(s.Seed, s.Operators.ErrorRate);
        var timeline = ProgrammeTimeline.Of(s);
        var watchlists = new WatchlistBuilder(pools, layout, s, r.Datasets);

        Actor? supervisor = null;
        // Going live (filming, recognition, the evaluation pass) is nearly all of a programme's time: the steps say which
        // deployment of how many, and once one has been filmed, about how long the rest will take at that pace.
        int lives = timeline.Count(x => x.Kind == StepKind.Live), livesSeen = 0, livesRun = 0;
        var liveTime = TimeSpan.Zero;
        foreach (var step in timeline)
        {
            cancellation.ThrowIfCancellationRequested();
            if (step.Kind == StepKind.Live) livesSeen++;
            if (state.Has(step.Key)) continue;
            clock.AdvanceTo(step.At);
            var progress = step.Kind == StepKind.Live ? $"deployment {livesSeen} of {lives}" : null;
            narrator.Step(step.At, progress is null ? step.Title : $"{step.Title} ({progress}{TimeLeft(liveTime, livesRun, lives - livesSeen + 1)})");
            // The programme acts as registered users, named in every step like anyone else, whom no one can sign in as.
            supervisor ??= ScriptedUsers.Ensure(store, Supervisor, Role.Supervisor, "lfr simulate", Via);
            ScriptedUsers.Ensure(store, Operator, Role.Operator, "lfr simulate", Via);
            foreach (var purge in RetentionResult.Enforce(store).Purges.Where(p => p.AlertsPurged > 0))
                narrator.Detail($"retention: {purge.AlertsPurged} alerts' evidence deleted ({purge.Reason})");
            var d = step.Deployment;
            switch (step.Kind)
            {
                case StepKind.Enrol:
                    foreach (var w in s.Deployments.GroupBy(x => x.WatchlistName).Select(g => g.First()))
                    {
                        var manifest = watchlists.WriteManifest(w, step.At);
                        var enrolment = await narrator.Work($"enrol {w.WatchlistName}", w.WatchlistSize, _ => Task.FromResult(
                            UseCases.Enrolment(store, models, VisionAdapters.Images).Enrol(new EnrolmentRequest(manifest, r.Datasets, Strict: false, AllowPathsOutsideRoot: false)))).ConfigureAwait(false);
                        if (enrolment.Stored is null) throw new LfrInputException($"{manifest}: the watchlist could not be enrolled");
                        narrator.Detail($"{w.WatchlistName}: {enrolment.Stored.Entries.Count} entries enrolled");
                    }
                    break;
                case StepKind.Notice:
                    var deployments = UseCases.Deployments(store, ModelCatalogue.Embedded);
                    if (store.Deployments.Find(new DeploymentId(d!.Id)) is null)
                        deployments.Plan(new PlanRequest(new DeploymentId(d.Id), new DeploymentLocation(d.Location.Name, d.Location.Town, d.Location.Latitude, d.Location.Longitude),
                            ProgrammeTimeline.StartOf(d), ProgrammeTimeline.EndOf(d), "Simulated programme: locate people wanted for serious offences and missing or vulnerable people",
                            new AuthorisingOfficer("A. Simulation", "Superintendent"), Cameras(d), d.WatchlistName, new Threshold(d.Threshold),
                            RetentionPolicy.Default with { ConfirmedMatch = TimeSpan.FromDays(s.RetentionDays) }), Supervisor, Via);
                    if (store.Deployments.Find(new DeploymentId(d.Id))!.NoticePublishedAt is null) deployments.PublishNotice(new DeploymentId(d.Id), Supervisor, Via);
                    break;
                case StepKind.Live:
                    var live = System.Diagnostics.Stopwatch.StartNew();
                    await GoLive(r, d!, step.At, state, layout, pools, faces, operators, narrator, $"{livesSeen}/{lives} ", cancellation).ConfigureAwait(false);
                    liveTime += live.Elapsed;
                    livesRun++;
                    break;
                case StepKind.End:
                    var ending = store.Deployments.Find(new DeploymentId(d!.Id))!;
                    if (ending.State is DeploymentState.Live) UseCases.Deployments(store, ModelCatalogue.Embedded).Apply(ending, x => { x.End(step.At, supervisor); return null; });
                    break;
                case StepKind.Outcome:
                    var ended = store.Deployments.Find(new DeploymentId(d!.Id))!;
                    if (ended.OutcomePublishedAt is null)
                    {
                        var publisher = UseCases.Publisher(store, VisionAdapters.Catalogue);
                        UseCases.Deployments(store, ModelCatalogue.Embedded).Apply(ended, x => { x.PublishOutcome(step.At, supervisor); return publisher.FreezeOutcome(x, step.At); });
                    }
                    var f = store.Deployments.Figures(ended.Id);
                    narrator.Detail($"{ended.Id}: {f.FacesSeen} faces seen, {f.Alerts} alerts, {f.Confirmed} confirmed, {f.FalseAlerts} false, {f.Arrests} arrests");
                    break;
                case StepKind.Close:
                    break;
            }
            store.Audit.IssueTreeHead(signer);
            state.Mark(layout.State, step.Key);
        }

        // The record, as the public, the IAG and the testers see it. Rewritten on every run: it reads, never changes, the store.
        var closedAt = timeline[^1].At;
        clock.AdvanceTo(closedAt);
        PublicSite.Write(layout.Site, UseCases.Publisher(store, VisionAdapters.Catalogue).SiteEntries(), PublicationSettings.Default, closedAt);
        if (Directory.Exists(layout.AuditExport)) Directory.Delete(layout.AuditExport, recursive: true);
        AuditExport.Write(store.Audit, layout.AuditExport, signer);
        var (verification, trust) = AuditExport.Verify(layout.AuditExport, new ExportTrust.IagKey(publicKeyPath));
        File.WriteAllText(layout.IagReport, IagReport.Render(AuditExport.Read(layout.AuditExport).Entries, verification, UseCases.Calendar, closedAt, trust));
        narrator.Detail($"audit log: {verification.Entries} entries, {verification.Heads} signed heads: {(verification.Ok ? "verified" : "FAILED: " + verification.Problems[0])}");

        var report = await new ProgrammeReportBuilder(store, models, r, layout).BuildAsync(narrator, cancellation).ConfigureAwait(false);
        return new SimulationResult(layout, r.Store, verification, report, started.Elapsed, resumed);
    }

    // "; about 3 min left" from the pace of the deployments run so far in this process (nothing before the first).
    private static string TimeLeft(TimeSpan spent, int run, int remaining)
    {
        if (run == 0 || remaining <= 0) return "";
        var left = spent / run * remaining;
        return left.TotalSeconds < 90
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; about {Math.Max(1, Math.Round(left.TotalSeconds / 10) * 10):0} s left")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; about {Math.Round(left.TotalMinutes):0} min left");
    }

    private static List<CameraId> Cameras(ScenarioDeployment d) => Enumerable.Range(1, d.Cameras).Select(c => new CameraId(CameraName(d, c))).ToList();

    /// <summary>A camera's name in a simulated deployment: its place and number.</summary>
    public static string CameraName(ScenarioDeployment d, int camera) => $"{d.Location.Key}-cam{camera}";

    /// <summary>
    /// The runs whose alerts and counts are the programme's: each camera's last. A programme killed during a camera's run and
    /// resumed plays that camera's footage again; the run it superseded saw the same people, so its alerts are left to
    /// retention undecided (no operator saw them) and nothing is counted twice: not the people, not an arrest.
    /// </summary>
    public static HashSet<RunId> CountedRuns(IStore store, DeploymentId id) =>
        store.Deployments.RunsOf(id).GroupBy(r => r.Camera).Select(g => g.Last().Run).ToHashSet();

    // Go live, then for each camera: film the crowd, run recognition, evaluate the same footage; then adjudicate.
    private async Task GoLive(SimulationRequest r, ScenarioDeployment d, DateTimeOffset at, SimulationState state, SimulationLayout layout, CrowdPools pools,
        PhotoFaces faces, SimulatedOperator operators, ISimulationNarrator narrator, string progress, CancellationToken cancellation)
    {
        var s = r.Scenario;
        var id = new DeploymentId(d.Id);
        if (store.Deployments.Find(id)!.State is DeploymentState.NoticePublished)
        {
            clock.AdvanceTo(at);
            UseCases.Deployments(store, ModelCatalogue.Embedded).Start(id, null, Supervisor, Via);
        }
        // The programme's operator works every deployment's alerts: assigned to each as it goes live (once; a resumed programme finds it done).
        if (store.Assignments.Of(id).All(a => a.Operator != Operator)) UseCases.Deployments(store, ModelCatalogue.Embedded).AssignOperator(id, Operator, Supervisor, Via);
        var watchlist = store.Watchlists.Find(d.WatchlistName) ?? throw new InvalidOperationException($"watchlist {d.WatchlistName} not enrolled");
        var identities = WatchlistBuilder.ReadIdentities(layout.Identities(d.WatchlistName));
        var index = new WatchlistIndex(watchlist);
        var look = new CrowdLook(s.Footage.Width, s.Footage.Height, s.Footage.Fps, (int)Math.Round(s.Footage.Minutes * 60 * s.Footage.Fps),
            Horizon: d.Location.Ground.Horizon, Descent: d.Location.Ground.Descent);
        var truths = new Dictionary<string, FootageTruth>();
        for (int c = 1; c <= d.Cameras; c++)
        {
            var camera = CameraName(d, c);
            var clip = layout.Clip(d.Id, camera);
            var truthPath = layout.Truth(d.Id, camera);
            if (!File.Exists(truthPath))
            {
                var walking = watchlist.Entries.Select(e => identities[e.Id.Value]).Select(who => pools.WatchlistCandidates.First(x => x.Identity == who))
                    .Select(x => new CrowdPhoto(x.Identity, x.WalkingImage, new Dictionary<string, string>(x.Groups) { ["watchlisted"] = "yes" })).ToList();
                int seed = unchecked(s.Seed * 7919 + d.Number * 104729 + c);
                var walkers = CrowdPlanner.Plan(new CrowdPlanRequest(look, d.FootfallPerMinute, d.WatchlistedPer100, walking, pools.Passers, d.Mix, seed), faces.Of);
                var filming = System.Diagnostics.Stopwatch.StartNew();
                using var plate = Scene(r, d.Location, look, layout);
                var plateTime = filming.Elapsed;
                Directory.CreateDirectory(Path.GetDirectoryName(clip)!);
                var crowd = await narrator.Work($"{progress}{camera}: film {walkers.Count} passers", look.Frames, advance => Task.FromResult(
                    CrowdClip.Write(clip, plate, look, walkers, (ulong)(uint)seed, advance, cancellation))).ConfigureAwait(false);
                var temporary = truthPath + ".tmp";
                File.WriteAllText(temporary, JsonSerializer.Serialize(crowd, Json));
                File.Move(temporary, truthPath, overwrite: true);
                narrator.Detail($"{camera}: filmed {crowd.Appearances.Count} passers in {filming.Elapsed.TotalSeconds:0.0} s (scene {plateTime.TotalSeconds:0.0} s)");
            }
            var truth = FootageTruth.Read(truthPath);
            truths[camera] = truth;

            var runKey = $"run:{d.Id}:{camera}";
            if (!state.Has(runKey))
            {
                clock.AdvanceTo(at);
                var recognition = UseCases.Recognition(store, models, VisionAdapters.Evidence);
                var run = recognition.Prepare(new RunRequest(null, id, new CameraId(camera), null, QualityGate.Default, FrameSampling.All), models.DefaultThreshold);
                using var source = VisionAdapters.OpenVideo(clip);
                var summary = await narrator.Work($"{progress}{camera}: recognition", look.Frames, advance =>
                    recognition.RunAsync(source, run, new InlineProgress(p => advance((int)p.FramesRead)), cancellation)).ConfigureAwait(false);
                narrator.Detail($"{camera}: {summary.FramesProcessed} frames, {summary.FacesSeen} faces seen, {summary.AlertsRaised} alerts ({summary.FramesPerSecond:0.#} fps)");
                state.Mark(layout.State, runKey);
            }

            var appearancesPath = layout.Appearances(d.Id, camera);
            if (!File.Exists(appearancesPath))
            {
                var images = JsonSerializer.Deserialize<CrowdTruth>(File.ReadAllText(truthPath), Json)!.Appearances
                    .GroupBy(a => a.Identity).ToDictionary(g => g.Key, g => g.First().Image);
                using var source = VisionAdapters.OpenVideo(clip);
                var entryIdentity = watchlist.Entries.ToDictionary(e => e.Id, e => identities[e.Id.Value]);
                var evaluating = System.Diagnostics.Stopwatch.StartNew();
                var result = await narrator.Work($"{progress}{camera}: evaluation pass", look.Frames, _ => Task.FromResult(
                    FootageEvaluation.Run(source, truth, models.Detector, models.FaceEmbedder, QualityGate.Default, index, entryIdentity,
                        new Threshold(d.Threshold), cancellation, TrackingOptions.Default, models.Sharpness))).ConfigureAwait(false);
                var records = result.Appearances.Select(o => SimulatedAppearance.From(d.Id, camera, images.GetValueOrDefault(o.Appearance.Identity, ""), o)).ToList();
                var temporary = appearancesPath + ".tmp";
                File.WriteAllText(temporary, JsonSerializer.Serialize(records, Json));
                File.Move(temporary, appearancesPath, overwrite: true);
                narrator.Detail($"{camera}: evaluation pass in {evaluating.Elapsed.TotalSeconds:0.0} s");
            }
        }

        // The operators decide every alert still waiting, a few minutes after the footage ends.
        var decidedAt = at + TimeSpan.FromMinutes(s.Footage.Minutes + 2);
        clock.AdvanceTo(decidedAt);
        var desk = UseCases.Alerts(store);
        var cameras = truths.Keys.ToHashSet();
        var counted = CountedRuns(store, id);
        int confirmed = 0, rejected = 0;
        foreach (var pending in desk.Pending().Where(p => cameras.Contains(p.Alert.Alert.Camera.Value) && counted.Contains(p.Alert.Alert.Run)))
        {
            var a = pending.Alert.Alert;
            var truth = truths[a.Camera.Value];
            float cx = a.FaceBox.X + a.FaceBox.Width / 2, cy = a.FaceBox.Y + a.FaceBox.Height / 2;
            var who = truth.Appearances.FirstOrDefault(x => x.Contains(a.FrameIndex, cx, cy))?.Identity;
            var decision = operators.Decide(a, who, identities.GetValueOrDefault(a.Candidate.Value));
            desk.Adjudicate(pending.Alert.Id, decision.Decision, Operator, Via, decision.DecidedRightly ? "as the images show" : "operator error (simulated)");
            if (decision.Decision is AlertDecision.Confirm)
            {
                desk.RecordOutcome(pending.Alert.Id, SimulatedOperator.OutcomeOf(a, decision.TrueMatch), Operator, Via, null);
                confirmed++;
            }
            else rejected++;
        }
        if (confirmed + rejected > 0) narrator.Detail($"operators: {confirmed} confirmed, {rejected} rejected");
    }

    // A location's scene is made once per programme (every camera there films in front of it) and kept for a resume.
    private ScenePlate Scene(SimulationRequest r, ScenarioLocation location, CrowdLook look, SimulationLayout layout) =>
        ScenePlate.Cached(layout.Scene(location.Key, look.Width, look.Height), Path.Combine(r.Datasets, location.Scene), look.Width, look.Height, models.Detector);

    private sealed class InlineProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}

/// <summary>A programme's result: where everything is, whether the audit log verified, the report, how long it took.</summary>
public sealed record SimulationResult(SimulationLayout Layout, string StorePath, VerificationResult Verification, ProgrammeReport Report, TimeSpan Elapsed, int StepsResumed);
