using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;

// Not in Planted's namespace (a prefix of it counts too): the layer rules' planted set stays as it is.
namespace LfrAudit.Architecture.Tests.AdapterFixtures;

/// <summary>An adapter left public: callers could name it instead of the port.</summary>
public sealed class PublicDetector : IFaceDetector
{
    public IReadOnlyList<DetectedFace> Detect(IFrame frame) => [];
}

/// <summary>The same adapter kept internal: the rule leaves it alone.</summary>
internal sealed class InternalDetector : IFaceDetector
{
    public IReadOnlyList<DetectedFace> Detect(IFrame frame) => [];
}
