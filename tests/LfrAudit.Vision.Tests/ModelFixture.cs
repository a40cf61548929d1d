using LfrAudit.Testing;
using LfrAudit.Vision.Detection;
using LfrAudit.Vision.Embedding;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Vision.Tests;

/// <summary>One detector and one embedder on the real default models, shared by a test class.</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelSpec DetectorSpec { get; } = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);
    public ModelSpec EmbedderSpec { get; } = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
    internal YuNetDetector Detector { get; }
    internal OnnxFaceEmbedder Embedder { get; }

    public ModelFixture()
    {
        var settings = new InferenceSettings(IntraOpThreads: 2);
        Detector = new YuNetDetector(DetectorSpec, ModelFileCheck.RequireOk(DetectorSpec, SharedData.Models), settings);
        Embedder = new OnnxFaceEmbedder(EmbedderSpec, ModelFileCheck.RequireOk(EmbedderSpec, SharedData.Models), settings);
    }

    public void Dispose()
    {
        Detector.Dispose();
        Embedder.Dispose();
    }
}
