using LfrAudit.Core.Identifiers;

namespace LfrAudit.Governance.Adjudication;

/// <summary>Where decisions on alerts and engagement outcomes are kept (the port the adjudication desk uses).</summary>
public interface IAdjudicationStore
{
    /// <summary>Whether an alert with this id was ever raised (its evidence may already be purged).</summary>
    bool AlertExists(AlertId alert);

    /// <summary>
    /// The site whose log recorded the alert (on a central store, a control room may decide a van's alerts): decisions and
    /// outcomes go into that log, so each site's log holds its alerts and what became of them. Null if there is no such alert.
    /// </summary>
    SiteId? SiteOf(AlertId alert);
    /// <summary>The decision on this alert, or null while it is undecided.</summary>
    AlertAdjudication? FindAdjudication(AlertId alert);
    /// <summary>The engagement outcome recorded for this alert, or null if none is.</summary>
    Engagement? FindEngagement(AlertId alert);
    /// <summary>Records a decision; the store refuses a second one for the same alert even under a race.</summary>
    void Record(AlertAdjudication adjudication);
    /// <summary>Records an engagement outcome; the store refuses a second one for the same alert.</summary>
    void Record(Engagement engagement);
}
