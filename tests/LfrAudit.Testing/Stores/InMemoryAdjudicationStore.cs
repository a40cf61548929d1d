using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Adjudication;

namespace LfrAudit.Testing.Stores;

internal sealed class InMemoryAdjudicationStore(InMemoryStore store) : IAdjudicationStore
{
    public bool AlertExists(AlertId alert) => store.Read(data => data.Alerts.Any(a => a.Id == alert));

    public SiteId? SiteOf(AlertId alert) => AlertExists(alert) ? SiteId.Local : null;

    public AlertAdjudication? FindAdjudication(AlertId alert) => store.Read(data => data.Adjudications.GetValueOrDefault(alert));

    public Engagement? FindEngagement(AlertId alert) => store.Read(data => data.Engagements.GetValueOrDefault(alert));

    // TryAdd under the lock: a second decision is refused even when two sessions race for it.
    public void Record(AlertAdjudication a) => store.Write(data =>
    {
        if (!data.Adjudications.TryAdd(a.Alert, a)) throw new LfrInputException($"alert {a.Alert} was already adjudicated");
    });

    public void Record(Engagement e) => store.Write(data =>
    {
        if (!data.Engagements.TryAdd(e.Alert, e)) throw new LfrInputException($"alert {e.Alert} was already given an engagement outcome");
    });
}
