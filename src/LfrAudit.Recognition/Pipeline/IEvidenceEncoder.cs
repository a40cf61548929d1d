using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Recognition.Pipeline;

/// <summary>Makes the probe crop kept with an alert. Only ever called for faces that raised an alert.</summary>
public interface IEvidenceEncoder
{
    /// <summary>The crop of <paramref name="face"/> an operator sees with an alert, as image bytes.</summary>
    byte[] EncodeProbeCrop(IFrame frame, BoxF face);
}
