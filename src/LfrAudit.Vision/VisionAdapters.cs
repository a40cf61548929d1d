using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Evidence;
using LfrAudit.Vision.Frames;

namespace LfrAudit.Vision;

/// <summary>
/// The one door into Vision's adapters for every port the use cases take beside the models (which
/// <see cref="RecognitionModels"/> composes): callers get the port, never the OpenCV or ONNX class behind it, so a
/// front end or a scenario chooses Vision once and the adapters stay free to change.
/// </summary>
public static class VisionAdapters
{
    /// <summary>
    /// The model catalogue: the threshold calibrated for each embedder (a deployment planned without one takes it) and
    /// the name, version and SHA-256 a deployment's notice and outcome report give the model it uses.
    /// </summary>
    public static IModelCatalogue Catalogue => ModelCatalogue.Embedded;

    /// <summary>Reads watchlist and evaluation photos from files (greyscale and alpha converted to colour).</summary>
    public static IReferenceImageReader Images => new ImageFileReader();

    /// <summary>Writes the probe crop an operator sees with an alert, as JPEG.</summary>
    public static IEvidenceEncoder Evidence => new JpegEvidenceEncoder();

    /// <summary>Opens a recorded video file, frame by frame, as footage to search or evaluate.</summary>
    public static IFrameSource OpenVideo(string path) => new VideoFileSource(path);

    /// <summary>Opens what a user named as a source: a video file, an image folder, a camera index or a stream URL.</summary>
    public static IFrameSource OpenSource(string source) => FrameSources.Open(source);

    /// <summary>As <see cref="OpenSource(string)"/>, with a network camera's pictures decoded down to <paramref name="decodeLongSide"/> pixels on their long side.</summary>
    public static IFrameSource OpenSource(string source, int? decodeLongSide) => FrameSources.Open(source, decodeLongSide);
}
