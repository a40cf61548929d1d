using System.Globalization;
using System.Text.Json;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Evaluation.Comparison;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Reports;
using LfrAudit.Recognition;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Evaluation;

/// <summary>An image-set evaluation as asked for: the labelled watchlist set, any crowd sets, the split, the threshold, where to write.</summary>
public sealed record ImageEvaluationRequest(string Labels, string? Root, IReadOnlyList<string> Crowd, int Seed, double Holdout, Threshold Threshold,
    string OutFolder, string CacheFolder);

/// <summary>The models an evaluation uses, with what its provenance records of them.</summary>
public sealed record EvaluationModels(IReferenceImageReader Images, IFaceDetector Detector, IFaceEmbedder Embedder, string DetectorProvenance, string EmbedderProvenance)
{
    /// <summary>The composed models, each recorded by its catalogue id and the SHA-256 of its file.</summary>
    public static EvaluationModels From(IRecognitionModels m, IReferenceImageReader images) =>
        new(images, m.Detector, m.FaceEmbedder, m.DetectorProvenance, m.EmbedderProvenance);
}

/// <summary>The report and the folder holding report.html, report.json, report.csv and the plots.</summary>
public sealed record ImageEvaluationResult(EvaluationReport Report, string OutFolder, EvaluationRun Run);

/// <summary>
/// Accuracy and demographic differences on labelled image sets: a seeded split of identities into enrolled and
/// held out, every other image searched, the crowd sets as non-mated searches; the report with its provenance
/// written as HTML (with plots), JSON and CSV.
/// </summary>
public static class ImageSetEvaluationService
{
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Evaluates one model on a labelled image set and writes its report folder (JSON, CSV, figures, HTML);
    /// <paramref name="progress"/> hears of each image embedded.
    /// </summary>
    public static ImageEvaluationResult Run(ImageEvaluationRequest r, EvaluationModels models, DateTimeOffset now, IProgress<(int Done, int Total)>? progress = null)
    {
        if (r.Holdout is < 0 or >= 1) throw new LfrInputException($"holdout fraction {r.Holdout} must be at least 0 and below 1");
        var set = Load(r.Labels, r.Root, "watchlist", identityRequired: true);
        foreach (var f in r.Crowd) TextFiles.RequireName(f, "crowd labels file");
        var crowd = r.Crowd.SelectMany(f => Load(f, null, Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(f)))!, identityRequired: false)).ToList();
        if (set.Count(x => x.Image.Identity is not null) == 0) throw new LfrInputException($"{FileKind.Show(r.Labels)}: no image has an identity: nothing can be enrolled");

        // The report folder is checked before the embedding, which can take an hour on a large set.
        var outDir = TextFiles.Folder(r.OutFolder, "report folder");

        var settings = new EvaluationSettings(r.Seed, r.Holdout, r.Threshold.Value);
        var embedder = new ImageEmbedder(models.Images, models.Detector, models.Embedder, QualityGate.Default, new EmbeddingCache(r.CacheFolder, models.Embedder.ModelId));
        var run = ImageSetEvaluation.Run(set, crowd, embedder, models.Embedder.Dimension, settings, progress);
        var provenance = new Dictionary<string, string>
        {
            ["software"] = $"lfr {typeof(ImageSetEvaluationService).Assembly.GetName().Version}",
            ["date"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["detector"] = models.DetectorProvenance,
            ["embedder"] = models.EmbedderProvenance,
            ["labels"] = Path.GetFullPath(r.Labels),
            ["crowd"] = string.Join("; ", r.Crowd.Select(Path.GetFullPath)),
            ["dataset_sha256"] = run.DatasetHash,
            ["split_seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            ["holdout_fraction"] = settings.HoldoutFraction.ToString(CultureInfo.InvariantCulture),
            ["operational_threshold"] = r.Threshold.ToString(),
            ["quality_gate"] = $"{QualityGate.Default.MinFaceSizePixels} px, score {QualityGate.Default.MinDetectionScore.ToString(CultureInfo.InvariantCulture)}",
        };
        var report = EvaluationReport.Build(run, settings, provenance);
        TextFiles.WriteAll(Path.Combine(outDir, "report.json"), JsonSerializer.Serialize(report, ReportJson), "evaluation report");
        TextFiles.WriteAll(Path.Combine(outDir, "report.csv"), report.ToCsv(), "evaluation report");
        var drawn = EvaluationPlots.Write(outDir, run, r.Threshold.Value);
        TextFiles.WriteAll(Path.Combine(outDir, "report.html"), EvaluationHtml.Render(report, r.Threshold.Value, drawn), "evaluation report");
        return new ImageEvaluationResult(report, outDir, run);
    }

    /// <summary>
    /// Several models on the same images and split, one after the other in this process: each model's full report in a
    /// folder of its own under the output folder, and comparison.json and comparison.csv beside them. Each model embeds
    /// into a cache of its own made for this comparison, so the time per image is that of detection and embedding.
    /// </summary>
    /// <param name="models">Each model opened in turn (and disposed after its run), so only one is in memory at a time; its own
    /// report is drawn at its default threshold.</param>
    public static ModelComparison Compare(ImageEvaluationRequest r, IReadOnlyList<Func<(EvaluationModels Models, Threshold Default, IDisposable Owner)>> models, DateTimeOffset now,
        IProgress<string>? progress = null)
    {
        var outDir = TextFiles.Folder(r.OutFolder, "report folder");
        var evaluated = new List<EvaluatedModel>();
        var reports = new List<(string Model, string Href)>();
        foreach (var open in models)
        {
            var (m, threshold, owner) = open();
            using (owner)
            {
                var folder = Path.Combine(outDir, string.Concat(m.Embedder.ModelId.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '.' ? ch : '_')));
                var cache = Directory.CreateTempSubdirectory("lfr-compare-cache-").FullName;
                try
                {
                    progress?.Report($"evaluating {m.Embedder.ModelId}");
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    var result = Run(r with { OutFolder = folder, CacheFolder = cache, Threshold = threshold }, m, now,
                        progress is null ? null : new ProgressInTenths($"{m.Embedder.ModelId}: embedding images", progress.Report));
                    watch.Stop();
                    var run = result.Run;
                    evaluated.Add(new EvaluatedModel(m.Embedder.ModelId, m.EmbedderProvenance, run, watch.Elapsed.TotalMilliseconds / Math.Max(1, run.ImagesRead)));
                    reports.Add((m.Embedder.ModelId, $"{Path.GetFileName(folder)}/report.html"));
                    progress?.Report($"{m.Embedder.ModelId}: {run.ImagesRead} images in {watch.Elapsed.TotalSeconds:0} s");
                }
                finally { Directory.Delete(cache, recursive: true); }
            }
        }
        var comparison = ModelComparison.Build(evaluated);
        progress?.Report("drawing the comparison's figures");
        var drawn = ComparisonPlots.Write(outDir, evaluated, comparison);
        TextFiles.WriteAll(Path.Combine(outDir, "comparison.html"),
            ComparisonHtml.Render(comparison, ComparisonPlots.Rows(evaluated, comparison), drawn, reports), "model comparison");
        TextFiles.WriteAll(Path.Combine(outDir, "comparison.json"), JsonSerializer.Serialize(comparison, ReportJson), "model comparison");
        TextFiles.WriteAll(Path.Combine(outDir, "comparison.csv"), LfrAudit.Evaluation.Csv.CsvFile.Write(
            ["model", "target", "threshold", "tpir", "tpir_successes", "tpir_trials", "tpir_wilson_lower", "tpir_wilson_upper", "fpir", "fpir_successes", "fpir_trials", "ms_per_image"],
            comparison.Models.SelectMany(f => f.Points.Select(p => (IReadOnlyList<string>)[f.Model, p.Target, F(p.Threshold), F(p.Tpir.Rate), I(p.Tpir.Successes), I(p.Tpir.Trials),
                F(p.Tpir.Low), F(p.Tpir.High), F(p.Fpir.Rate), I(p.Fpir.Successes), I(p.Fpir.Trials), F(f.MillisecondsPerImage)]))), "model comparison");
        return comparison;

        static string F(double? v) => v?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";
        static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    }

    private static List<(LabelledImage Image, string FullPath)> Load(string labels, string? root, string set, bool identityRequired)
    {
        TextFiles.RequireName(labels, "labels file");
        var dir = root ?? Path.GetDirectoryName(Path.GetFullPath(labels))!;
        if (!Directory.Exists(dir)) throw new LfrInputException($"{FileKind.Show(dir)}: images folder not found");
        var images = LabelsFile.Read(labels, set, identityRequired).Select(i => (i, Path.Combine(dir, i.Path))).ToList();
        var missing = images.Where(x => !File.Exists(x.Item2)).ToList();
        if (missing.Count == images.Count)
            throw new LfrInputException($"{FileKind.Show(labels)}: none of its {images.Count} paths exists under {FileKind.Show(dir)} (first: {missing[0].i.Path}); is the images folder right?");
        if (missing.Count > 0)
            throw new LfrInputException($"{FileKind.Show(labels)}: {missing.Count} of {images.Count} listed images do not exist under {FileKind.Show(dir)} (first: {missing[0].i.Path})");
        return images;
    }
}
