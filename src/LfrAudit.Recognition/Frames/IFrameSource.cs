namespace LfrAudit.Recognition.Frames;

/// <summary>Where frames come from: a video file, a camera or stream, or a folder of images.</summary>
public interface IFrameSource : IDisposable
{
    /// <summary>What the user named, for messages ("video clip.mp4", "camera 0").</summary>
    string Description { get; }

    /// <summary>
    /// A live source cannot wait for us: frames we cannot keep up with are dropped (and counted).
    /// A recorded source is read no faster than the pipeline can take it (back-pressure).
    /// </summary>
    bool IsLive { get; }

    /// <summary>
    /// Whether each frame follows the one before in time (video, a camera), so faces can be tracked across
    /// frames. A folder of unrelated images does not: each of its faces is a person of its own.
    /// </summary>
    bool FramesFollowOneAnother => true;

    /// <summary>Frames per second the source says it delivers, if it says.</summary>
    double? NominalFps { get; }

    /// <summary>How many frames a recorded source holds, if known (for progress only; never trusted for counts).</summary>
    long? LengthInFrames { get; }

    /// <summary>Reads frames in order until the source ends. Blocking; the pipeline runs it on its own task.</summary>
    IEnumerable<IFrame> ReadFrames(CancellationToken cancellation);

    /// <summary>Problems met while reading that did not stop it (unreadable images, a truncated stream).</summary>
    IReadOnlyList<string> Warnings { get; }
}
