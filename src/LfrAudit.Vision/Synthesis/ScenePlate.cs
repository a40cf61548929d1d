using LfrAudit.Recognition.Detection;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Synthesis;

/// <summary>
/// The empty scene a synthesised crowd walks in front of (<see cref="BackgroundPlate"/>: a video's background with its
/// faces blurred), held for <see cref="CrowdClip"/> so that a scenario or a bench never handles the pixels themselves.
/// </summary>
public sealed class ScenePlate : IDisposable
{
    internal Mat Image { get; }

    private ScenePlate(Mat image) => Image = image;

    /// <summary>
    /// An empty scene from real footage at <paramref name="width"/> × <paramref name="height"/>: the per-pixel median of
    /// frames across the clip, so passers-by fade out; faces <paramref name="faces"/> still finds in it are blurred out.
    /// </summary>
    public static ScenePlate FromVideo(string videoPath, int width, int height, IFaceDetector? faces) =>
        new(BackgroundPlate.FromVideo(videoPath, width, height, faces));

    /// <summary>
    /// The plate kept at <paramref name="cachePath"/> (PNG) if it is there; else made from the video and kept there (written
    /// to a temporary file first, so a plate interrupted half-written is never read back).
    /// </summary>
    public static ScenePlate Cached(string cachePath, string videoPath, int width, int height, IFaceDetector? faces)
    {
        if (File.Exists(cachePath)) return new(ImageFileReader.ReadBgr(cachePath));
        var plate = BackgroundPlate.FromVideo(videoPath, width, height, faces);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cachePath))!);
        var temporary = cachePath + ".tmp.png";
        Cv2.ImWrite(temporary, plate);
        File.Move(temporary, cachePath, overwrite: true);
        return new(plate);
    }

    /// <summary>Releases the plate's image.</summary>
    public void Dispose() => Image.Dispose();
}
