
namespace LfrAudit.Recognition.Matching;

/// <summary>The threshold calibrated for an embedding model (by the model id a watchlist records), if there is one.</summary>
public interface IThresholdCalibration
{
    Threshold? CalibratedFor(string modelId);
}
