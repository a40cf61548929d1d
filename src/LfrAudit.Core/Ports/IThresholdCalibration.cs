using LfrAudit.Core.Domain;

namespace LfrAudit.Core.Ports;

/// <summary>The threshold calibrated for an embedding model (by the model id a watchlist records), if there is one.</summary>
public interface IThresholdCalibration
{
    Threshold? CalibratedFor(string modelId);
}
