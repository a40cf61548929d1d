using LfrAudit.Core.Domain;
using LfrAudit.Core.Ports;

namespace LfrAudit.Vision.Frames;

/// <summary>Turns what the user typed after --source into a frame source.</summary>
public static class FrameSources
{
    public static IFrameSource Open(string source)
    {
        if (string.IsNullOrWhiteSpace(source)) throw new LfrInputException("--source is empty: give a video file, an image folder, a camera index or a stream URL");
        if (int.TryParse(source, out int device) && device >= 0 && !File.Exists(source)) return new CameraSource(device);
        if (source.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(source, UriKind.Absolute, out var uri) && !uri.IsFile)
            return new CameraSource(uri);
        if (Directory.Exists(source)) return new ImageFolderSource(source);
        if (!File.Exists(source)) throw new LfrInputException($"{source}: source not found (expected a video file, an image folder, a camera index or a stream URL)");
        return new VideoFileSource(source);
    }
}
