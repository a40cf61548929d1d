using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Vision.Frames;

/// <summary>Turns what the user typed after --source into a frame source.</summary>
internal static class FrameSources
{
    /// <param name="source">What the user typed.</param>
    /// <param name="decodeLongSide">Network cameras only: the long side their pictures are decoded to (null: their own size).</param>
    public static IFrameSource Open(string source, int? decodeLongSide = null)
    {
        if (string.IsNullOrWhiteSpace(source)) throw new InvalidValueException(InputField.Source, source, "give a video file, an image folder, a camera index or a stream URL");
        if (int.TryParse(source, out int device) && device >= 0 && !File.Exists(source)) return new CameraSource(device);
        if (StreamAddress.IsStream(source))
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || uri.IsFile)
                throw new LfrInputException($"{StreamAddress.Redact(source)}: not a valid stream URL");
            return new Streams.NetworkCameraSource(source, Streams.StreamSettings.Default with { DecodeLongSide = decodeLongSide });
        }
        var kind = FileKind.Of(source);
        return kind switch
        {
            FileKindOf.Directory => new ImageFolderSource(source),
            FileKindOf.Regular => new VideoFileSource(source),
            // A camera device node (/dev/video0) is a camera; any other special file would block or never end.
            FileKindOf.CharacterDevice when source.StartsWith("/dev/video", StringComparison.Ordinal)
                && int.TryParse(source["/dev/video".Length..], out var n) => new CameraSource(n),
            FileKindOf.Missing => throw new LfrInputException($"{FileKind.Show(source)}: source not found (expected a video file, an image folder, a camera index or a stream URL)"),
            _ => throw new LfrInputException($"{FileKind.Show(source)}: the source is {FileKind.Describe(kind)}, not a video file, an image folder or a camera"),
        };
    }
}
