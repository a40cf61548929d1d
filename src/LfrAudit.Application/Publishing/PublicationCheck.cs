using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Publishing.Documents;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// Before anything is published from a store, the store is checked against its own audit log: first the log itself
/// (chain, signed tree heads and content, with the store's audit key); then every deployment the log planned is in the
/// store and none other, each as the log records it; every document the log published is there, unchanged, anchored
/// and saying what the log said; and every run, alert, decision and outcome a report counts is the log's. Each
/// difference is a problem naming the record, both values and the log entry: records that disagree with the log are
/// not believed, so nothing is published.
/// </summary>
public static class PublicationCheck
{
    /// <summary>Refuses (<see cref="PublicationRefusedException"/>) unless the store agrees with its log in every respect <see cref="Problems"/> checks.</summary>
    public static void Require(IStore store, SiteKeys keys, PublicationSettings settings, WorkingDayCalendar calendar, string what, ECDsa? signer = null,
        IReadOnlyCollection<SiteId>? only = null)
    {
        var problems = Problems(store, keys, settings, calendar, signer, only);
        if (problems.Count > 0)
            throw new PublicationRefusedException($"{what} not published: {problems[0]}" + (problems.Count > 1 ? $" (and {problems.Count - 1} more)" : ""), problems);
    }

    /// <param name="keys">
    /// The public key of each site's log, to verify its signed heads with. A site without one (a store that was never given
    /// a key) still has its log's content read and every record checked against it, but not its signatures.
    /// </param>
    /// <param name="signer">The store's signing key, held by a command that records: see <see cref="SignedStoreLog.Verify"/>.</param>
    /// <param name="only">The sites to check (an outcome report needs its own site's log only); else every site the store holds.</param>
    public static IReadOnlyList<string> Problems(IStore store, SiteKeys keys, PublicationSettings settings, WorkingDayCalendar calendar, ECDsa? signer = null,
        IReadOnlyCollection<SiteId>? only = null)
    {
        var found = new Disagreements();
        var deployments = store.Deployments.List();
        var documents = store.Documents.List();
        SiteId SiteOf(Deployment d) => d.Site ?? store.Site;
        var siteOfDeployment = deployments.ToDictionary(d => d.Id, SiteOf);
        // Each site keeps its own log (a central store, one per van or fixed site; the registry log lists them and records no deployment).
        var sites = Sites(store).Where(s => only is null || only.Contains(s)).ToList();
        foreach (var site in sites)
        {
            // A recording command's own key signs only its own site's log.
            var log = SignedStoreLog.Verify(store, site, keys, out var broken, site == store.Site ? signer : null);
            // A log that does not verify refuses publication on its own; the records are still checked against it as it
            // reads, so that every record edited alongside it is named too.
            found.AddRange(broken);
            var records = deployments.Where(d => SiteOf(d) == site).ToDictionary(d => d.Id.Value, StringComparer.Ordinal);
            foreach (var h in log.Records.Deployments.Values.Where(h => !records.ContainsKey(h.Id)))
                found.Add($"deployment {h.Id}: planned in the audit log at entry {h.Planned.Seq}, but missing from the store");
            foreach (var d in records.Values)
                if (log.Records.Deployments.TryGetValue(d.Id.Value, out var h)) DeploymentRecordCheck.Compare(found, d, h);
                else found.Add($"deployment {d.Id}: in the store, but the audit log never planned it");
            DocumentCheck.Compare(found, log, documents.Where(doc => siteOfDeployment.GetValueOrDefault(doc.Deployment, store.Site) == site).ToList(),
                records, settings, calendar);
            foreach (var d in records.Values.Where(d => log.Records.Deployments.ContainsKey(d.Id.Value)))
                RunRecordCheck.Compare(found, store, d, log.Records);
        }
        return found.Problems;
    }

    /// <summary>Every site whose log holds records to publish: the store's sites (not the registry log) and every deployment's.</summary>
    public static IReadOnlyList<SiteId> Sites(IStore store) =>
        store.Sites().Where(s => s != SiteId.Registry).Concat(store.Deployments.List().Select(d => d.Site ?? store.Site)).Distinct().ToList();
}
