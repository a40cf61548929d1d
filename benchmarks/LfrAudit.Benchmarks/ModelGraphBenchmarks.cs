using BenchmarkDotNet.Attributes;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Detection;
using LfrAudit.Vision.Embedding;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Benchmarks;

/// <summary>
/// The graph rewrites, one thread each: the embedder on one real face as published (ONNX Runtime's PRelu) and
/// rewritten (Relu, Mul, Add), and the detector on a 1080p frame on the file's 640×640 canvas and on the freed
/// 640×384 one. Needs $LFR_MODELS_DIR and $LFR_DATASETS_DIR (the street clip), as the tests do. The "Into" forms are
/// what the pipeline calls for every frame (into a batch and a list kept from call to call): they allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class ModelGraphBenchmarks
{
    private OnnxFaceEmbedder _published = null!, _rewritten = null!;
    private YuNetDetector _square = null!, _tight = null!;
    private IFrame _frame = null!;
    private DetectedFace[] _face = null!;
    private readonly List<DetectedFace> _faces = new(64);
    private EmbeddingBatch _rows = null!;

    [GlobalSetup]
    public void Setup()
    {
        var models = new ModelDirectory(Environment.GetEnvironmentVariable("LFR_MODELS_DIR") ?? "models", "$LFR_MODELS_DIR");
        var datasets = Environment.GetEnvironmentVariable("LFR_DATASETS_DIR") ?? "demo-data";
        var embedder = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
        var detector = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);
        var oneThread = new InferenceSettings(IntraOpThreads: 1);
        _published = new OnnxFaceEmbedder(embedder, ModelFileCheck.RequireOk(embedder, models), oneThread with { RewriteGraphs = false });
        _rewritten = new OnnxFaceEmbedder(embedder, ModelFileCheck.RequireOk(embedder, models), oneThread);
        _square = new YuNetDetector(detector, ModelFileCheck.RequireOk(detector, models), oneThread with { RewriteGraphs = false });
        _tight = new YuNetDetector(detector, ModelFileCheck.RequireOk(detector, models), oneThread);
        using var clip = new VideoFileSource(Path.Combine(datasets, "videos", "facenet-pytorch_video.mp4"));
        _frame = clip.ReadFrames(CancellationToken.None).Skip(20).First();
        _face = [_tight.Detect(_frame).Where(QualityGate.Default.Admits).First()];
        _rows = new EmbeddingBatch(1, _rewritten.Dimension);
    }

    [Benchmark(Baseline = true)]
    public void EmbedderAsPublished() => _published.Embed(_frame, _face).Dispose();

    [Benchmark]
    public void EmbedderRewritten() => _rewritten.Embed(_frame, _face).Dispose();

    [Benchmark]
    public void EmbedderRewrittenInto() => _rewritten.Embed(_frame, _face, _rows);

    [Benchmark]
    public int DetectorSquareCanvas() => _square.Detect(_frame).Count;

    [Benchmark]
    public int DetectorTightCanvas() => _tight.Detect(_frame).Count;

    [Benchmark]
    public int DetectorTightCanvasInto()
    {
        _tight.Detect(_frame, _faces);
        return _faces.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _published.Dispose();
        _rewritten.Dispose();
        _square.Dispose();
        _tight.Dispose();
        _rows.Dispose();
        _frame.Dispose();
    }
}
