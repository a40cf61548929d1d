namespace LfrAudit.Recognition.Frames;

/// <summary>Reads a watchlist reference image. Throws LfrInputException naming the file when it cannot.</summary>
public interface IReferenceImageReader
{
    /// <summary>The image at <paramref name="path"/> as a frame.</summary>
    IFrame Read(string path);
}
