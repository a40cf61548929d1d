namespace LfrAudit.Core.Ports;

/// <summary>Reads a watchlist reference image. Throws LfrInputException naming the file when it cannot.</summary>
public interface IReferenceImageReader
{
    IFrame Read(string path);
}
