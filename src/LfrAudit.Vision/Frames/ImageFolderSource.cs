using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Vision.Frames;

/// <summary>
/// A folder of still images, read in name order as if they were frames at a nominal rate. An image that
/// cannot be read is skipped with a warning naming it; the rest of the folder is still processed.
/// </summary>
internal sealed class ImageFolderSource : IFrameSource
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
        { ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff" };

    private readonly string[] _files;
    private readonly List<string> _warnings = [];

    public string Description { get; }
    public bool IsLive => false;
    public bool FramesFollowOneAnother => false;
    public double? NominalFps { get; }
    public IReadOnlyList<string> Warnings => _warnings;
    public long? LengthInFrames => _files.Length;

    public ImageFolderSource(string folder, double framesPerSecond = 1.0)
    {
        if (!Directory.Exists(folder)) throw new LfrInputException($"{folder}: image folder not found");
        _files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
        if (_files.Length == 0) throw new LfrInputException($"{folder}: no images (.jpg, .png, …) in this folder");
        NominalFps = framesPerSecond;
        Description = $"image folder {folder}";
    }

    public IEnumerable<IFrame> ReadFrames(CancellationToken cancellation)
    {
        long index = 0;
        foreach (var file in _files)
        {
            if (cancellation.IsCancellationRequested) yield break;
            MatFrame? frame = null;
            try { frame = new MatFrame(ImageFileReader.ReadBgr(file), index, TimeSpan.FromSeconds(index / NominalFps!.Value)); }
            catch (LfrInputException ex) { _warnings.Add(ex.Message + "; skipped"); }
            index++;
            if (frame is not null) yield return frame;
        }
    }

    public void Dispose() { }
}
