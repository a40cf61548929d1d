using LfrAudit.Testing;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Vision.Catalogue;
using OpenCvSharp;

namespace LfrAudit.Vision.Tests;

/// <summary>Image headers are read right before anything is decoded; the runtime is quiet and sends nothing.</summary>
public class InputLimitTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    [Fact]
    public void The_declared_size_of_any_png_jpeg_bmp_or_webp_is_read_from_its_header()
    {
        var sizes = from w in Gen.Choose(1, 700) from h in Gen.Choose(1, 700) from ext in Gen.Elements(".png", ".jpg", ".bmp", ".webp") select (w, h, ext);
        Prop.ForAll(sizes.ToArbitrary(), s =>
        {
            using var image = new Mat(s.h, s.w, MatType.CV_8UC3, Scalar.All(127));
            var bytes = image.ImEncode(s.ext);
            return ImageLimits.DeclaredSize(bytes) == (s.w, s.h);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public void Real_photos_from_the_shared_data_report_their_true_size()
    {
        foreach (var path in Directory.EnumerateFiles(SharedData.Dataset("deepface", "images"), "*.jpg").Take(25))
        {
            using var decoded = Cv2.ImRead(path);
            Assert.Equal((decoded.Width, decoded.Height), ImageLimits.DeclaredSize(File.ReadAllBytes(path)));
        }
    }

    [Fact]
    public void Onnx_runtime_telemetry_is_switched_off_once_a_model_is_loaded()
    {
        Assert.NotNull(models.Detector);
        Assert.True(QuietRuntime.TelemetryDisabled);
    }
}

/// <summary>Vision composes the models; the caller's session hook reaches every ONNX Runtime session.</summary>
public class ModelCompositionTests
{
    [Fact]
    public void The_session_hook_is_applied_to_the_detector_and_the_embedder()
    {
        int configured = 0;
        using var models = RecognitionModels.Open(SharedData.Models, new ModelChoice(ThreadsPerModel: 1, ConfigureSession: o =>
        {
            Interlocked.Increment(ref configured);
            o.EnableMemoryPattern = true;
        }));
        Assert.Equal(2, configured);
        Assert.Equal(ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder).Id, models.EmbedderSpec.Id);
        // A watchlist records the embedder's model id; the catalogue gives that model's calibrated threshold back.
        Assert.Equal(models.DefaultThreshold, ModelCatalogue.Embedded.CalibratedFor(models.FaceEmbedder.ModelId));
        Assert.Null(ModelCatalogue.Embedded.CalibratedFor("unknown@000000000000"));
    }

    [Fact]
    public void A_detector_named_as_the_embedder_is_refused_without_naming_a_flag()
    {
        var detector = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector).Id;
        var ex = Assert.ThrowsAny<LfrInputException>(() => RecognitionModels.Open(SharedData.Models, new ModelChoice(EmbedderId: detector)));
        Assert.Contains("not an embedder", ex.Message);
        Assert.DoesNotContain("--", ex.Message);
    }
}
