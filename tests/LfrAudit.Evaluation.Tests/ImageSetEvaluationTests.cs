using LfrAudit.Core.Problems;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Reports;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Evaluation.Tests;

/// <summary>The evaluation engine with fake vision: image files whose text says who they show.</summary>
public class ImageSetEvaluationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class TextFrame(string content) : IFrame
    {
        public string Content { get; } = content;
        public long Index => 0;
        public TimeSpan Offset => TimeSpan.Zero;
        public int Width => 100;
        public int Height => 100;
        public void Dispose() { }
    }

    private sealed class TextReader : IReferenceImageReader
    {
        public IFrame Read(string path) => File.ReadAllText(path) is var t && t == "corrupt"
            ? throw new LfrInputException($"{path}: not a readable image") : new TextFrame(t);
    }

    private sealed class Detector : IFaceDetector
    {
        public IReadOnlyList<DetectedFace> Detect(IFrame frame) => ((TextFrame)frame).Content.StartsWith("noface", StringComparison.Ordinal)
            ? [] : [new DetectedFace(new BoxF(30, 30, 40, 40), default, 0.99f)];
    }

    /// <summary>Each person's images embed to the same direction; different people get different axes (up to 64).</summary>
    private sealed class Embedder : IFaceEmbedder
    {
        private readonly Dictionary<string, int> _axis = new(StringComparer.Ordinal);
        public string ModelId => "fake@000000000000";
        public int Dimension => 64;
        public EmbeddingBatch Embed(IFrame frame, IReadOnlyList<DetectedFace> faces)
        {
            var who = ((TextFrame)frame).Content.Split('#')[0];
            if (!_axis.TryGetValue(who, out int axis)) _axis[who] = axis = _axis.Count;
            var batch = new EmbeddingBatch(faces.Count, Dimension);
            batch.Row(0)[axis] = 1;
            return batch;
        }
    }

    private (LabelledImage, string) Image(string set, string identity, int n, string sex, string? content = null)
    {
        var path = Path.Combine(_dir, set, $"{identity}_{n}.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content ?? $"{identity}#{n}");
        return (new LabelledImage(set, $"{identity}_{n}.jpg", identity, new Dictionary<string, string> { ["sex"] = sex }), path);
    }

    private ImageEmbedder Embedder_() => new(new TextReader(), new Detector(), new Embedder(), QualityGate.Default, new EmbeddingCache(Path.Combine(_dir, "cache"), "fake"));

    [Fact]
    public void Counts_add_up_and_a_perfect_embedder_scores_perfectly()
    {
        // 8 people with 3 images, 2 with 1 image; half the multi-image people are held out.
        var set = new List<(LabelledImage, string)>();
        var names = new[] { "ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal" };
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
            for (int k = 1; k <= 3; k++) set.Add(Image("lfw", name, k, i % 2 == 0 ? "female" : "male"));
        set.Add(Image("lfw", "ivy", 1, "female"));
        set.Add(Image("lfw", "jon", 1, "male"));

        var run = ImageSetEvaluation.Run(set, [], Embedder_(), 64, new EvaluationSettings(Seed: 3, HoldoutFraction: 0.5, OperationalThreshold: 0.5));

        Assert.Equal(4, run.EnrolledIdentities);
        Assert.Equal(4, run.HeldOutIdentities);
        Assert.Equal(2, run.SingleImageIdentities);
        Assert.Equal(4 * 2, run.Searches.Count(s => s.Mated));                 // each enrolled person's 2 other images
        Assert.Equal(4 * 3 + 2, run.Searches.Count(s => !s.Mated));            // held-out people's 3 images and the singles
        Assert.Equal(set.Count - 4, run.Searches.Count);                       // every image but the 4 enrolled is a search
        Assert.Equal(set.Count, run.ImagesRead);
        Assert.All(run.Searches.Where(s => s.Mated), s => Assert.True(s.TruePositiveAt(0.99)));

        var report = EvaluationReport.Build(run, new EvaluationSettings(OperationalThreshold: 0.5), new Dictionary<string, string>());
        var tpir = report.Figures.Single(f => f.Metric == "TPIR" && f.Dimension == "all" && f.Threshold == 0.5);
        Assert.Equal((8L, 8L, 1.0), (tpir.Successes, tpir.Trials, tpir.Rate!.Value));
        Assert.All(report.Figures.Where(f => f.Rate is not null), f => Assert.InRange(f.Rate!.Value, 0, 1));
        Assert.Contains(report.Supported, s => s.StartsWith("TPIR by ethnicity: NOT supported", StringComparison.Ordinal));
        Assert.Contains(report.Figures, f => f.Dimension == "sex" && f.NotEnoughData is not null); // 4 mated searches per sex: too few
    }

    [Fact]
    public void The_split_is_reproducible_from_its_seed()
    {
        var set = Enumerable.Range(0, 20).SelectMany(i => new[] { Image("s", $"p{i}", 1, "male"), Image("s", $"p{i}", 2, "male") }).ToList();
        var a = ImageSetEvaluation.Run(set, [], Embedder_(), 64, new EvaluationSettings(Seed: 9));
        var b = ImageSetEvaluation.Run(set, [], Embedder_(), 64, new EvaluationSettings(Seed: 9));
        var c = ImageSetEvaluation.Run(set, [], Embedder_(), 64, new EvaluationSettings(Seed: 10));
        string Mated(EvaluationRun r) => string.Join(",", r.Searches.Where(s => s.Mated).Select(s => s.Person).Order());
        Assert.Equal(Mated(a), Mated(b));
        Assert.NotEqual(Mated(a), Mated(c));
        Assert.Equal(a.DatasetHash, c.DatasetHash); // the data's hash does not depend on the split
    }

    [Fact]
    public void Unreadable_images_are_reported_and_faceless_mated_probes_count_as_misses()
    {
        var set = new List<(LabelledImage, string)>
        {
            Image("s", "amy", 1, "female"), Image("s", "amy", 2, "female", "noface"), Image("s", "amy", 3, "female", "corrupt"),
        };
        // Which image is enrolled depends on the seed; each choice has exactly one correct outcome.
        var seen = new HashSet<string>();
        for (int seed = 1; seed <= 20; seed++)
        {
            var run = ImageSetEvaluation.Run(set, [], Embedder_(), 64, new EvaluationSettings(Seed: seed, HoldoutFraction: 0));
            Assert.Single(run.Problems, p => p.Contains("amy_3.jpg") && p.Contains("not a readable image"));
            var shape = (run.EnrolledIdentities, run.EnrolmentFailures, Mated: run.Searches.Count(x => x.Mated), NonMated: run.Searches.Count(x => !x.Mated), run.ProbesWithoutFace);
            string kind = shape switch
            {
                (1, 0, 1, 0, 1) => "good image enrolled: the faceless image is a mated search that misses",
                (0, 1, 0, 1, 0) => "faceless image enrolled: enrolment fails, the good image is a non-mated search",
                (0, 1, 0, 2, 1) => "unreadable image enrolled: enrolment fails, both others are non-mated searches",
                _ => throw new Xunit.Sdk.XunitException($"seed {seed}: unexpected outcome {shape}"),
            };
            Assert.DoesNotContain(run.Searches, x => x.TruePositiveAt(0));
            seen.Add(kind[..kind.IndexOf(':')]);
        }
        Assert.Contains("good image enrolled", seen);
        Assert.True(seen.Count >= 2, "the seeds cover an enrolment failure too");
    }

    [Fact]
    public void A_labels_file_without_its_columns_is_one_clear_error()
    {
        var csv = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(csv, "file,who\na.jpg,x\n");
        var ex = Assert.Throws<LfrInputException>(() => LabelsFile.Read(csv, "s", identityRequired: true));
        Assert.Contains("missing column 'path'", ex.Message);
        Assert.Contains("bad.csv", ex.Message);
        File.WriteAllText(csv, "path,sex\na.jpg,female\n");
        Assert.Contains("missing column 'identity'", Assert.Throws<LfrInputException>(() => LabelsFile.Read(csv, "s", identityRequired: true)).Message);
        Assert.Single(LabelsFile.Read(csv, "s", identityRequired: false)); // a crowd set needs no identities
    }

    [Fact]
    public void Csv_cells_may_be_quoted_and_empty()
    {
        var csv = Path.Combine(_dir, "ok.csv");
        File.WriteAllText(csv, "path,identity,sex,ethnicity,age_band\nx.jpg,,female,,\ny.jpg,Bob,,\"East Asian\",20-29\n");
        var rows = LabelsFile.Read(csv, "s", identityRequired: true);
        Assert.Null(rows[0].Identity);
        Assert.Equal(new Dictionary<string, string> { ["sex"] = "female" }, rows[0].Groups);
        Assert.Equal("East Asian", rows[1].Groups["ethnicity"]);
        // A quoted line break stays inside its cell: the next record is still the next image, not half of this one.
        File.WriteAllText(csv, "path,identity,sex\n\"a\nb.jpg\",\"Smith, J\",male\nc.jpg,Ann,female\n");
        Assert.Equal([("a\nb.jpg", "Smith, J"), ("c.jpg", "Ann")], LabelsFile.Read(csv, "s", identityRequired: true).Select(r => (r.Path, r.Identity!)));
    }
}
