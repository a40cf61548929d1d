using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Detection;

/// <summary>How sharp a face is in a frame (variance of the Laplacian over the face, at a fixed size): blur and motion lower it.</summary>
public interface IFaceSharpness
{
    /// <summary>The face's sharpness: higher is sharper, comparable between the frames of one track.</summary>
    float Sharpness(IFrame frame, BoxF face);
}
