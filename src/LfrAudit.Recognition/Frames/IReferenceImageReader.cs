namespace LfrAudit.Recognition.Frames;

/// <summary>Reads a watchlist reference image. Throws LfrInputException naming the file when it cannot.</summary>
public interface IReferenceImageReader
{
    IFrame Read(string path);
}
