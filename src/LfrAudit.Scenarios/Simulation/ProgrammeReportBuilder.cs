using System.Text.Json;
using LfrAudit.Core.Identifiers;
using LfrAudit.Evaluation.FieldTrials;
using LfrAudit.Evaluation.Footage;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Projections;
using LfrAudit.Evaluation.Statistics;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Alerts;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Vision;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>
/// Sets a programme against its truth: reads what the store recorded (alerts, decisions, outcomes, documents) and
/// what the evaluation pass saw, searches the same people's stills as an image set, checks each deployment's
/// projection, runs the field-trial analysis and writes the report (JSON for tools, HTML with plots for people).
/// Reads the store only.
/// </summary>
internal sealed class ProgrammeReportBuilder(IStore store, RecognitionModels models, SimulationRequest r, SimulationLayout layout)
{
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public async Task<ProgrammeReport> BuildAsync(ISimulationNarrator narrator, CancellationToken cancellation)
    {
        var s = r.Scenario;
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var alerts = store.Runs().List();
        var stillsEmbedder = new ImageEmbedder(VisionAdapters.Images, models.Detector, models.FaceEmbedder, QualityGate.Default,
            new EmbeddingCache(layout.EmbeddingCache, models.FaceEmbedder.ModelId));
        var footage = new List<SimulatedAppearance>();
        var stills = new List<SearchOutcome>();
        var figures = new List<DeploymentFigures>();

        int total = s.Deployments.Sum(d => d.Cameras), done = 0;
        await narrator.Work("set the programme against its truth", total, advance =>
        {
            foreach (var d in s.Deployments)
            {
                cancellation.ThrowIfCancellationRequested();
                var watchlist = store.Watchlists.Find(d.WatchlistName)!;
                var identities = WatchlistBuilder.ReadIdentities(layout.Identities(d.WatchlistName));
                var index = new WatchlistIndex(watchlist);
                var records = new List<SimulatedAppearance>();
                var truths = new Dictionary<string, FootageTruth>();
                for (int c = 1; c <= d.Cameras; c++)
                {
                    var camera = ProgrammeSimulation.CameraName(d, c);
                    records.AddRange(JsonSerializer.Deserialize<List<SimulatedAppearance>>(File.ReadAllText(layout.Appearances(d.Id, camera)), json)!);
                    truths[camera] = FootageTruth.Read(layout.Truth(d.Id, camera));
                    advance(++done);
                }
                footage.AddRange(records);

                // The same people's stills, searched once each against this deployment's watchlist.
                var deploymentStills = records.GroupBy(x => x.Identity).Select(g => g.First()).Select(x => Still(x, stillsEmbedder, index, identities)).ToList();
                stills.AddRange(deploymentStills);
                figures.Add(Figures(d, records, truths, alerts, identities, deploymentStills, watchlist.Entries.Count));
            }
            return Task.FromResult(0);
        }).ConfigureAwait(false);

        // The watchlists as enrolled (what was searched), not as asked for.
        var sizes = figures.Select(f => f.WatchlistEnrolled).ToList();
        double measuredSize = footage.Count == 0 ? sizes.Average()
            : footage.Average(a => (double)figures.First(f => f.Id == a.Deployment).WatchlistEnrolled);
        var trial = FieldTrialAnalysis.Analyse(footage.Select(a => a.AsSearch()).ToList(), stills, s.Deployments.Select(d => d.Threshold).Distinct().ToList(),
            measuredSize, sizes);

        Directory.CreateDirectory(layout.Report);
        var plots = FieldTrialPlots.Write(layout.Report, trial, [.. footage.Select(a => a.AsSearch())], stills, s.OperatingThreshold);
        var held = store.Retention.ListHeldEvidence().Count;
        var report = new ProgrammeReport(s.Name, s.Seed, s.Operators.ErrorRate, figures, held, figures.Count(f => f.Projection.Within), trial,
            Path.Combine(layout.Report, "programme-report.json"), Path.Combine(layout.Report, "programme-report.html"), plots,
            s.Locations.Select(l => new LocationScene(l.Name, l.Scene, l.Ground.Horizon, l.Ground.Descent)).ToList()) { OperatingThreshold = s.OperatingThreshold };
        File.WriteAllText(report.JsonPath, JsonSerializer.Serialize(report, ReportJson));
        File.WriteAllText(report.HtmlPath, ProgrammeReportPage.Render(report));
        return report;
    }

    private SearchOutcome Still(SimulatedAppearance a, ImageEmbedder embedder, WatchlistIndex index, IReadOnlyDictionary<string, string> identities)
    {
        var e = embedder.Embed(a.Image);
        if (e.Embedding is not { } probe || index.Best(probe) is not { } top)
            return new SearchOutcome(a.Identity, a.Watchlisted, false, -1, a.Groups); // no face in the still: a miss, never a false alert
        bool right = identities.GetValueOrDefault(top.Entry.Value) == a.Identity;
        return new SearchOutcome(a.Identity, a.Watchlisted, right, a.Watchlisted && !right ? -1 : top.Score, a.Groups);
    }

    private DeploymentFigures Figures(LfrAudit.Evaluation.Simulation.ScenarioDeployment d, List<SimulatedAppearance> records, Dictionary<string, FootageTruth> truths,
        IReadOnlyList<StoredAlert> alerts, IReadOnlyDictionary<string, string> identities, List<SearchOutcome> deploymentStills, int watchlistSize)
    {
        var deployment = store.Deployments.Find(new DeploymentId(d.Id))!;
        // Each camera's last run only: a run a resumed programme superseded saw the same footage (ProgrammeSimulation.CountedRuns).
        var counted = ProgrammeSimulation.CountedRuns(store, deployment.Id);
        var mine = alerts.Where(a => counted.Contains(a.Alert.Run) && truths.ContainsKey(a.Alert.Camera.Value)
            && a.RaisedAt >= deployment.PlannedStart && a.RaisedAt <= deployment.PlannedEnd.AddDays(1)).ToList();
        int trueAlerts = 0, falseAlerts = 0, unexplained = 0, confirmedRightly = 0, confirmedWrongly = 0, rejectedRightly = 0, rejectedWrongly = 0;
        var alertedRightly = new HashSet<string>();
        foreach (var a in mine)
        {
            var box = a.Alert.FaceBox;
            var who = truths[a.Alert.Camera.Value].Appearances.FirstOrDefault(x => x.Contains(a.Alert.FrameIndex, box.X + box.Width / 2, box.Y + box.Height / 2))?.Identity;
            bool right = who is not null && identities.GetValueOrDefault(a.Alert.Candidate.Value) == who;
            if (right) { trueAlerts++; alertedRightly.Add($"{a.Alert.Camera.Value}/{who}"); }
            else { falseAlerts++; if (who is null) unexplained++; }
            switch (store.Adjudications.FindAdjudication(a.Id)?.Decision)
            {
                case AlertDecision.Confirm: if (right) confirmedRightly++; else confirmedWrongly++; break;
                case AlertDecision.Reject: if (right) rejectedWrongly++; else rejectedRightly++; break;
            }
        }
        var watchlisted = records.Where(x => x.Watchlisted).ToList();
        int alertedPeople = watchlisted.Count(x => alertedRightly.Contains($"{x.Camera}/{x.Identity}"));

        // The projection: the stills' FPIR and TPIR at this threshold against this watchlist, for this many passers.
        var rates = IdentificationRates.At(deploymentStills, d.Threshold);
        var projection = rates.Fpir.HasData
            ? DeploymentProjection.Project(new MeasuredRates(d.Threshold, rates.Fpir, rates.Tpir, watchlistSize),
                new PlannedDeployment(records.Count, watchlistSize, records.Count == 0 ? 0 : watchlisted.Count * 100_000.0 / records.Count))
            : null;
        var check = new ProjectionCheck(rates.Fpir.Rate ?? double.NaN, projection?.FalseAlerts.Mean ?? double.NaN, projection?.FalseAlerts.CountLow ?? 0,
            projection?.FalseAlerts.CountHigh ?? 0, falseAlerts, projection?.TrueAlerts.Mean ?? double.NaN, trueAlerts);
        long facesSeen = store.Deployments.RunsOf(deployment.Id).Where(x => counted.Contains(x.Run)).Sum(x => x.FacesSeen);
        long arrests = mine.Count(a => store.Adjudications.FindEngagement(a.Id)?.Outcome == EngagementOutcome.Arrested);
        return new DeploymentFigures(d.Id, d.Location.Name, d.Date.ToString("yyyy-MM-dd"), d.Cameras, r.Scenario.Footage.Minutes, d.Threshold, d.WatchlistSize, watchlistSize,
            records.Count, watchlisted.Count, facesSeen, mine.Count, trueAlerts, falseAlerts, unexplained, alertedPeople, watchlisted.Count - alertedPeople,
            confirmedRightly, confirmedWrongly, rejectedRightly, rejectedWrongly, arrests, deployment.HasTimelyNotice,
            deployment.OutcomePublishedAt is { } o && deployment.OutcomeDueBy(Application.UseCases.Calendar) is { } due && o <= due, check);
    }
}
