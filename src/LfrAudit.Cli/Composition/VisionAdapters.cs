using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Vision.Evidence;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Cli.Composition;

/// <summary>
/// Vision's implementation of each port the use cases take beside the models (the use cases never name an OpenCV or ONNX
/// type): the model catalogue's calibrated thresholds, reference images read from files, alert crops as JPEG, video files.
/// Chosen here, once, as <see cref="Stores"/> chooses the store.
/// </summary>
internal static class VisionAdapters
{
    public static IThresholdCalibration Calibration => ModelCatalogue.Embedded;
    public static IReferenceImageReader Images => new ImageFileReader();
    public static IEvidenceEncoder Evidence => new JpegEvidenceEncoder();
    public static IFrameSource OpenVideo(string path) => new VideoFileSource(path);
}
