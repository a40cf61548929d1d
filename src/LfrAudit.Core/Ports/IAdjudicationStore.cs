using LfrAudit.Core.Adjudication;
using LfrAudit.Core.Domain;

namespace LfrAudit.Core.Ports;

public interface IAdjudicationStore
{
    bool AlertExists(AlertId alert);
    AlertAdjudication? FindAdjudication(AlertId alert);
    Engagement? FindEngagement(AlertId alert);
    /// <summary>Records a decision; the store refuses a second one for the same alert even under a race.</summary>
    void Record(AlertAdjudication adjudication);
    void Record(Engagement engagement);
}
