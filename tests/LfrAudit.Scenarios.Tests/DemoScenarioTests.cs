using LfrAudit.Testing;
using LfrAudit.Application.Runs;
using LfrAudit.Application.Watchlists;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Scenarios.Demo;
using LfrAudit.Testing.Stores;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Scenarios.Tests;

/// <summary>
/// The demo as a use case: the scripted scenario over the services, on the real models and images and an in-memory
/// store, with a narrator that only records — no command line, no console, no database file.
/// </summary>
[Trait("Category", "Dates")]
public sealed class DemoScenarioTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-demo-scenario-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class RecordingNarrator : IDemoNarrator
    {
        public List<string> Lines { get; } = [];
        public RunSummary? Summary { get; private set; }
        public EnrolmentResult? Enrolment { get; private set; }
        public void Step(int number, string title) => Lines.Add($"{number}. {title}");
        public void Detail(string text) => Lines.Add(text);
        public void Enrolled(EnrolmentResult enrolment, string manifestPath) => Enrolment = enrolment;
        public async Task<RunSummary> Recognise(IFrameSource source, PreparedRun run, Func<IProgress<PipelineProgress>?, Task<RunSummary>> recognise) =>
            Summary = await recognise(null);
        public void Adjudicated(IReadOnlyList<DemoDecision> decisions) => Lines.Add($"{decisions.Count} decided");
    }

    [Fact]
    public async Task The_scenario_runs_a_whole_deployment_whose_alerts_match_the_clips_truth_and_whose_log_verifies()
    {
        // The demo's timeline ends at the moment it is asked to run: here a fixed one, as the command line composes it.
        var asked = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        var timeline = DemoTimeline.EndingAt(asked);
        var clock = new SimulationClock(timeline.Planned);
        using var models = RecognitionModels.Open(SharedData.Models, new ModelChoice());
        var data = new InMemoryStoreData();
        var narrator = new RecordingNarrator();
        DemoResult result;
        using (var store = InMemoryStore.Open(data, clock))
            result = await new DemoScenario(store, clock, timeline, models, DemoInputs.Load())
                .RunAsync(new DemoRequest(_dir, store.Location, _dir, SharedData.DatasetsDir, null), narrator, CancellationToken.None);

        Assert.Equal(7, narrator.Lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\. ")));
        Assert.Equal(["WL-0001", "WL-0002", "WL-0003"], result.Expected);
        Assert.True(result.MatchesTruth, string.Join("\n", narrator.Lines));
        Assert.Equal(3, result.Right);
        Assert.True(result.Verified);
        Assert.Equal(1, narrator.Enrolment!.Report.RejectedCount); // the expired entry
        Assert.Equal(RunEnd.Completed, narrator.Summary!.End);

        // What the store holds afterwards, read back through a new read-only session on the same data.
        using var reader = InMemoryStore.Open(data, clock, StoreAccess.Read);
        var deployment = reader.Deployments.Find(result.Deployment!.Id)!;
        Assert.Equal(DeploymentState.OutcomePublished, deployment.State);
        Assert.True(deployment.HasTimelyNotice);
        var figures = reader.Deployments.Figures(deployment.Id);
        Assert.Equal(3L, figures.Alerts);
        Assert.Equal(3L, figures.Confirmed);
        Assert.Equal(narrator.Summary.FacesSeen, figures.FacesSeen);
        Assert.Equal(2, reader.Documents.List().Count(d => d.Anchor is not null)); // notice and outcome, both anchored
        Assert.All(reader.Runs().List(), a => Assert.Equal(AlertDecision.Confirm, reader.Adjudications.FindAdjudication(a.Id)!.Decision));
        Assert.True(File.Exists(Path.Combine(result.SiteFolder, "deployments", deployment.Id.Value, "outcome.html")));
        Assert.True(File.Exists(result.IagReportPath));
    }
}
