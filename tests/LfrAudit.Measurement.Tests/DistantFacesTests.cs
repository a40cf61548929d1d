using LfrAudit.Testing;
using LfrAudit.Measurement.Pipeline;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Measurement.Tests;

/// <summary>
/// Faces 16 px high in 1080p: the detector at full resolution finds them in a synthesised distant crowd (truth known
/// for every frame, real LFW faces over a real scene), where the default 640 detection size cannot.
/// </summary>
public sealed class DistantFacesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-distant-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    [Trait("Category", "Slow")]
    public void Full_resolution_detection_finds_faces_down_to_16_px_in_1080p_and_the_default_size_does_not()
    {
        var spec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);
        var figures = DistantFaces.Measure(spec, SharedData.Models.PathOf(spec), DistantFaces.PhotosFrom(SharedData.Dataset("lfw", "images"), 60),
            SharedData.Dataset("videos", "intel-sample-videos_one-by-one-person-detection.mp4"), classroom: null, frames: 20, _dir, _ => { });

        Assert.Equal(20, figures.SyntheticFrames);
        Assert.Null(figures.Classroom);
        foreach (var bin in figures.SyntheticByHeight.Where(b => b.Heights is "16-24" or "24-32"))
        {
            Assert.True(bin.Faces >= 20, $"{bin.Heights} px: only {bin.Faces} faces in the synthesised crowd");
            Assert.True(bin.FoundAtFullResolution >= 0.8 * bin.Faces, $"{bin.Heights} px: full resolution found {bin.FoundAtFullResolution} of {bin.Faces}");
            Assert.True(bin.FoundAtDefault <= 0.2 * bin.Faces, $"{bin.Heights} px: the default size found {bin.FoundAtDefault} of {bin.Faces}");
        }
        Assert.Empty(Directory.EnumerateFiles(_dir)); // the synthesised clip is not left behind
    }
}
