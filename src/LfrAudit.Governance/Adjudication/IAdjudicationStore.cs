using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Adjudication;

public interface IAdjudicationStore
{
    bool AlertExists(AlertId alert);

    /// <summary>
    /// The site whose log recorded the alert (on a central store, a control room may decide a van's alerts): decisions and
    /// outcomes go into that log, so each site's log holds its alerts and what became of them. Null if there is no such alert.
    /// </summary>
    SiteId? SiteOf(AlertId alert);
    AlertAdjudication? FindAdjudication(AlertId alert);
    Engagement? FindEngagement(AlertId alert);
    /// <summary>Records a decision; the store refuses a second one for the same alert even under a race.</summary>
    void Record(AlertAdjudication adjudication);
    void Record(Engagement engagement);
}
