namespace LfrAudit.Recognition.Frames;

/// <summary>
/// One decoded frame, opaque to the core: the vision adapter owns its pixels. Disposing it wipes and
/// releases them, which is how a non-match's pixels leave memory.
/// </summary>
public interface IFrame : IDisposable
{
    /// <summary>Its position in the source, from 0.</summary>
    long Index { get; }
    /// <summary>Time from the start of the source (video position, or time since a camera was opened).</summary>
    TimeSpan Offset { get; }
    /// <summary>Width in pixels.</summary>
    int Width { get; }
    /// <summary>Height in pixels.</summary>
    int Height { get; }
}
