using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>Makes the images kept with an alert: the probe crop and the scene. Only ever called for faces that raised an alert.</summary>
public interface IEvidenceEncoder
{
    /// <summary>The crop of <paramref name="face"/> an operator sees with an alert, as image bytes.</summary>
    byte[] EncodeProbeCrop(IFrame frame, BoxF face);

    /// <summary>
    /// The frame the face raised its alert in, small, the face boxed, so an operator sees where the person is; nothing in it
    /// identifies anyone else: everything outside the person is blurred past recognition (a face the detector missed
    /// too), and every other detected face in <paramref name="others"/> is pixelated even beside them.
    /// </summary>
    byte[] EncodeScene(IFrame frame, BoxF face, IReadOnlyList<BoxF> others);
}
