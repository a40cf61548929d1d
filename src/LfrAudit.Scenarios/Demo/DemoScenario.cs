using System.Text.Json;
using LfrAudit.Application;
using LfrAudit.Application.Accounts;
using LfrAudit.Application.Alerts;
using LfrAudit.Application.Audit;
using LfrAudit.Application.Deployments;
using LfrAudit.Application.Runs;
using LfrAudit.Application.Watchlists;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Alerts;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Oversight;
using LfrAudit.Publishing.Site;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Vision;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Scenarios.Demo;

/// <summary>
/// Where the demo works: a fresh store (already open, empty; <paramref name="Store"/> says where, as shown), its
/// signing key made in <paramref name="KeyFolder"/>, its other files under <paramref name="OutFolder"/>. With
/// <paramref name="PracticePassword"/>, a practice deployment is left live with its alerts pending for a trainee who
/// signs in with it (<see cref="PracticeDeployment"/>).
/// </summary>
public sealed record DemoRequest(string OutFolder, string Store, string KeyFolder, string DatasetsFolder, Threshold? Threshold, string? PracticePassword = null);

/// <summary>One alert as the scripted operator decided it, with who the clip says it really was.</summary>
public sealed record DemoDecision(StoredAlert Alert, string TrueIdentity, AlertDecision Decision, EngagementOutcome? Outcome);

/// <summary>What the demo produced and whether it came out as its ground truth says it must.</summary>
public sealed record DemoResult(
    EnrolmentResult Enrolment,
    Deployment? Deployment,
    string Store,
    string ClipPath,
    string TruthPath,
    string SiteFolder,
    string ExportFolder,
    string IagReportPath,
    VerificationResult? Verification,
    IReadOnlyList<string> Expected,
    IReadOnlyList<DemoDecision> Decisions,
    IReadOnlyList<string> Missed,
    PracticeResult? Practice = null)
{
    /// <summary>Alerts the scripted operator confirmed: the clip's truth says the person was there.</summary>
    public int Right => Decisions.Count(d => d.Decision == AlertDecision.Confirm);
    /// <summary>Alerts the operator rejected as wrong.</summary>
    public int Wrong => Decisions.Count - Right;
    /// <summary>The audit export verified offline.</summary>
    public bool Verified => Verification?.Ok == true;
    /// <summary>Every watchlisted person in the clip alerted, and no alert was wrong.</summary>
    public bool MatchesTruth => Missed.Count == 0 && Wrong == 0;
}

/// <summary>
/// How a front end shows the demo as it goes: headings, detail lines, and the results of the steps that have
/// their own rendering (enrolment, the recognition run with its progress, the operator's decisions).
/// </summary>
public interface IDemoNarrator
{
    /// <summary>A numbered step begins.</summary>
    void Step(int number, string title);
    /// <summary>A line of detail within a step.</summary>
    void Detail(string text);
    /// <summary>The watchlist was enrolled.</summary>
    void Enrolled(EnrolmentResult enrolment, string manifestPath);
    /// <summary>Runs recognition (the front end may show progress) and reports its summary.</summary>
    Task<RunSummary> Recognise(IFrameSource source, PreparedRun run, Func<IProgress<PipelineProgress>?, Task<RunSummary>> recognise);
    /// <summary>The operator decided every alert.</summary>
    void Adjudicated(IReadOnlyList<DemoDecision> decisions);
}

/// <summary>
/// The demo: a whole deployment on a simulated timeline that ends now, over the same services every front end
/// uses — enrol the sample watchlist and plan the deployment and publish its notice ten days ago, go live two days
/// ago, run recognition over a clip made from labelled images, adjudicate the alerts (scripted from the clip's
/// ground truth), end, publish the outcome report the next day, then, now, write the public site, sign, export and
/// verify the audit log, and write the IAG's report. The store records by <paramref name="clock"/>, a simulation
/// clock the demo moves from step to step, so every record is dated by it and says so; because the timeline ends
/// at the time the demo was asked to run, real-time commands can go on using the store afterwards.
/// </summary>
/// <param name="hashing">How the practice trainee's password is kept; needed only for a demo with practice.</param>
public sealed class DemoScenario(IStore store, SimulationClock clock, DemoTimeline timeline, RecognitionModels models, DemoInputs inputs, IPasswordHashing? hashing = null)
{
    /// <summary>The registered users the demo acts as: a supervisor who plans and publishes, an operator who decides.</summary>
    public const string Supervisor = "demo-supervisor", Operator = "demo-operator";
    private const string Via = "lfr demo (scripted)";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Runs the whole demo deployment into <paramref name="r"/>'s folder, told step by step to <paramref name="narrator"/>.</summary>
    public async Task<DemoResult> RunAsync(DemoRequest r, IDemoNarrator narrator, CancellationToken cancellation)
    {
        var outDir = Path.GetFullPath(r.OutFolder);
        Directory.CreateDirectory(outDir);
        // A fresh store gets a fresh signing key beside it; every step below lands in the audit log.
        var (keyPath, publicKeyPath) = AuditKeys.Generate(r.KeyFolder, overwrite: true);
        var signer = store.TreeHeadSigner = AuditKeys.LoadPrivate(keyPath);

        if (!ReferenceEquals(store.Clock, clock)) throw new InvalidOperationException("the demo's store must record by the demo's clock");
        var (_, start, end, outcomeAt, closes) = timeline;
        var calendar = UseCases.Calendar;
        // The front end started the clock at the planning time; from here the demo moves it on.

        narrator.Step(1, "Enrol the sample watchlist");
        var enrolment = UseCases.Enrolment(store, models, VisionAdapters.Images).Enrol(new EnrolmentRequest(inputs.ManifestPath, r.DatasetsFolder, Strict: false, AllowPathsOutsideRoot: false));
        narrator.Enrolled(enrolment, inputs.ManifestPath);
        var clipPath = Path.Combine(outDir, "demo-clip.avi");
        var truthPath = Path.Combine(outDir, "demo-clip.truth.json");
        var siteDir = Path.Combine(outDir, "site");
        var iagReport = Path.Combine(outDir, "iag-report.html");
        var exportDir = Path.Combine(outDir, "audit-export");
        if (enrolment.Stored is not { } watchlist)
            return new DemoResult(enrolment, null, r.Store, clipPath, truthPath, siteDir, exportDir, iagReport, null, [], [], []);

        narrator.Step(2, "Plan the deployment and publish its notice (at least 7 days ahead)");
        // The demo acts as two registered users, named in every step like anyone else, whom no one can sign in as.
        var supervisor = ScriptedUsers.Ensure(store, Supervisor, Role.Supervisor, "lfr demo", Via);
        ScriptedUsers.Ensure(store, Operator, Role.Operator, "lfr demo", Via);
        var deployments = UseCases.Deployments(store, ModelCatalogue.Embedded);
        var publisher = UseCases.Publisher(store, VisionAdapters.Catalogue);
        var deployment = deployments.Plan(new PlanRequest(new DeploymentId($"DEMO-{LondonTime.DateOf(start):yyyyMMdd}"), new DeploymentLocation("Demo Square", "Exampletown", 51.5072, -0.1276),
            start, end, "Demonstration: locate people wanted for serious offences and missing or vulnerable people",
            new AuthorisingOfficer("A. Example", "Superintendent"), [new CameraId("demo-camera-1")], watchlist.Name, r.Threshold, RetentionPolicy.Default), Supervisor, Via);
        deployments.AssignOperator(deployment.Id, Operator, Supervisor, Via); // the operator works this deployment's alerts, and only its
        deployment = deployments.PublishNotice(deployment.Id, Supervisor, Via).Deployment;
        narrator.Detail($"{deployment.Id}: {deployment.Location.Name}, {LondonTime.Show(start)} to {LondonTime.Show(end)}; notice published {LondonTime.Show(deployment.NoticePublishedAt!.Value)} (deadline {LondonTime.Show(deployment.NoticeDeadline)}); {Operator} assigned to work its alerts");
        // A practice deployment is planned now too, with its notice, to go live when the demo ends: no override needed.
        var practice = r.PracticePassword is null ? null
            : new PracticeDeployment(store, models, hashing ?? throw new InvalidOperationException("a demo with practice needs password hashing"), Supervisor, Via);
        var practiceId = practice?.Plan(closes.AddTicks(-(closes.Ticks % TimeSpan.TicksPerMinute)), watchlist.Name, r.Threshold);
        if (practiceId is not null) narrator.Detail($"{practiceId}: planned for operator practice, its notice published; live when the demo ends");

        narrator.Step(3, "Go live (the watchlist is frozen) and run recognition over a clip of labelled people");
        clock.MoveTo(start);
        deployment = deployments.Start(deployment.Id, null, Supervisor, Via).Deployment;
        var scenes = inputs.Clip.Scenes.Select(s => new ClipScene(s.Select(p => (Path.Combine(r.DatasetsFolder, p.Image), p.Identity)).ToList(), inputs.Clip.FramesPerScene)).ToList();
        var truth = SyntheticClip.Write(clipPath, scenes, inputs.Clip.Width, inputs.Clip.Height, inputs.Clip.Fps);
        File.WriteAllText(truthPath, JsonSerializer.Serialize(truth, Indented));
        narrator.Detail($"{clipPath}: {truth.Frames} frames, {truth.Appearances.Count} appearances of {truth.Appearances.Select(a => a.Identity).Distinct().Count()} people (second photos: not the enrolled ones)");
        clock.MoveTo(start.AddMinutes(5));
        var recognition = UseCases.Recognition(store, models, VisionAdapters.Evidence);
        var run = recognition.Prepare(new RunRequest(null, deployment.Id, null, null, QualityGate.Default, FrameSampling.All), models.DefaultThreshold);
        using (var source = VisionAdapters.OpenVideo(clipPath))
            await narrator.Recognise(source, run, progress => recognition.RunAsync(source, run, progress, cancellation)).ConfigureAwait(false);

        narrator.Step(4, "An operator adjudicates each alert (scripted from the clip's ground truth); officers record outcomes");
        clock.MoveTo(start.AddMinutes(20));
        var desk = UseCases.Alerts(store);
        var decisions = desk.List(run.Options.Run).Select(a => Decide(desk, a, truth)).ToList();
        narrator.Adjudicated(decisions);

        narrator.Step(5, "End the deployment and publish its outcome report (due within 5 working days)");
        clock.MoveTo(end);
        deployments.Apply(deployment, d => { d.End(end, supervisor); return null; });
        clock.MoveTo(outcomeAt);
        deployments.Apply(deployment, d => { d.PublishOutcome(outcomeAt, supervisor); return publisher.FreezeOutcome(d, outcomeAt); });
        var figures = store.Deployments.Figures(deployment.Id);
        narrator.Detail($"ended {LondonTime.Show(end)}; outcome published {LondonTime.Show(outcomeAt)}, due by {LondonTime.Show(deployment.OutcomeDueBy(calendar)!.Value)}");
        narrator.Detail($"{figures.FacesSeen} faces seen, {figures.Alerts} alerts, {figures.Confirmed} confirmed, {figures.FalseAlerts} false, {figures.Arrests} arrests");

        clock.AdvanceTo(closes);
        narrator.Step(6, "Write the public site");
        PublicSite.Write(siteDir, publisher.SiteEntries(), PublicationSettings.Default, clock.GetUtcNow());

        narrator.Step(7, "Sign the audit log, export it for the independent advisory group and verify the export offline");
        var head = store.Audit.IssueTreeHead(signer);
        AuditExport.Write(store.Audit, exportDir, signer);
        var (verification, trust) = AuditExport.Verify(exportDir, new ExportTrust.IagKey(publicKeyPath)); // the key the demo made, not the export's copy
        narrator.Detail($"{verification.Entries} entries, {verification.Heads} signed tree heads; latest root {head.RootHash[..16]}…: {(verification.Ok ? "verified" : "FAILED: " + verification.Problems[0])}");
        File.WriteAllText(iagReport, IagReport.Render(AuditExport.Read(exportDir).Entries, verification, calendar, clock.GetUtcNow(), trust));

        PracticeResult? practised = null;
        if (practice is not null && practiceId is { } pid)
        {
            narrator.Step(8, "Leave a practice deployment live, the clip run through it and its alerts pending for a trainee");
            practised = await practice.GoLiveAsync(pid, clipPath, r.PracticePassword!, narrator, cancellation).ConfigureAwait(false);
        }

        var expected = inputs.WatchlistIdentities
            .Where(kv => watchlist.Entries.Any(e => e.Id.Value == kv.Key) && truth.Appearances.Any(p => p.Identity == kv.Value))
            .Select(kv => kv.Key).OrderBy(x => x, StringComparer.Ordinal).ToList();
        var missed = expected.Except(decisions.Select(d => d.Alert.Alert.Candidate.Value)).ToList();
        return new DemoResult(enrolment, deployment, r.Store, clipPath, truthPath, siteDir, exportDir, iagReport, verification, expected, decisions, missed, practised);
    }

    /// <summary>The scripted operator: confirms when the clip's truth says the candidate is who is there, else rejects.</summary>
    private DemoDecision Decide(AlertDeskService desk, StoredAlert a, ClipTruth truth)
    {
        var shown = truth.Appearances.Where(p => p.FirstFrame <= a.Alert.FrameIndex && a.Alert.FrameIndex <= p.LastFrame
            && a.Alert.FaceBox.X >= p.X - 40 && a.Alert.FaceBox.X <= p.X + p.Width + 40).Select(p => p.Identity).FirstOrDefault() ?? "?";
        bool correct = inputs.WatchlistIdentities.TryGetValue(a.Alert.Candidate.Value, out var who) && who == shown;
        var decision = desk.Adjudicate(a.Id, correct ? AlertDecision.Confirm : AlertDecision.Reject, Operator, Via, correct ? "matches the reference image" : "different person");
        EngagementOutcome? outcome = null;
        if (correct)
        {
            var o = a.Alert.Category is WatchlistCategory.MissingPerson or WatchlistCategory.VulnerablePerson ? EngagementOutcome.SafeguardingReferral : EngagementOutcome.Arrested;
            outcome = desk.RecordOutcome(a.Id, o, Operator, Via, null).Outcome;
        }
        return new DemoDecision(a, shown, decision.Decision, outcome);
    }
}
