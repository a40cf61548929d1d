using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Audit.Published;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// Freezes public documents at publication (their JSON and SHA-256, in the same unit of work as the step that
/// publishes them), anchors them under a signed tree head, and gathers what the public site shows.
/// </summary>
/// <param name="catalogue">Names the recognition model on the documents: the watchlist's on a notice, the runs' on an outcome report.</param>
public sealed class DocumentPublisher(IStore store, PublicationSettings settings, WorkingDayCalendar calendar, IModelCatalogue catalogue)
{
    /// <summary>The notice as published now: the watchlist's categories and rough size are read at this moment and frozen.</summary>
    public PublishedDocument FreezeNotice(Deployment d, DateTimeOffset at)
    {
        var watchlist = store.Watchlists.Find(d.WatchlistName)
            ?? throw new LfrInputException($"watchlist '{d.WatchlistName}' of deployment {d.Id} is not enrolled: the notice cannot say who may be looked for");
        return Store(d.Id, PublicNotice.Kind, at, PublicNotice.Build(d, watchlist.CountByCategory(), watchlist.Entries.Count, settings, at, Named(watchlist.ModelId))
            with { DatedBySimulation = store.Clock.IsSimulation() });
    }

    /// <summary>
    /// The outcome report as published now, from the store's records — refused (<see cref="PublicationRefusedException"/>)
    /// unless every figure and fact it states is what the audit log records: a report frozen from edited records would
    /// carry their falsehood under a true SHA-256.
    /// </summary>
    public PublishedDocument FreezeOutcome(Deployment d, DateTimeOffset at)
    {
        var figures = store.Deployments.Figures(d.Id);
        var report = OutcomeReport.Build(d, figures, settings, calendar, at, [.. figures.Models.Select(Named)]) with { DatedBySimulation = store.Clock.IsSimulation() };
        var problems = DocumentsFromLog.OutcomeDifferences(report, LogRecordsOf(d), d, settings, calendar, at, report.DatedBySimulation);
        if (problems.Count > 0)
            throw new PublicationRefusedException($"deployment {d.Id}: outcome report not published: {problems[0]}"
                + (problems.Count > 1 ? $" (and {problems.Count - 1} more)" : ""), problems);
        return Store(d.Id, OutcomeReport.Kind, at, report);
    }

    /// <summary>
    /// Refuses (<see cref="PublicationRefusedException"/>) unless the site's records agree with its audit log, verified
    /// with the site's own key: a document published from a store whose records were edited would lend them its anchor.
    /// In a central store the other sites' logs are signed with their own keys, which this site does not hold; their
    /// records are checked when the force publishes its site ('lfr publish site --site-key').
    /// </summary>
    public void RequireStoreAgreesWithLog(string what, SiteId site)
    {
        var own = store.TreeHeadSigner is { } signer ? ECDsa.Create(signer.ExportParameters(includePrivateParameters: false)) : null;
        // Another site's deployment: its log is signed with that site's key, so a refusal says whose key it was checked with.
        using var keys = site == store.Site ? SiteKeys.One(own) : new SiteKeys(new Dictionary<SiteId, ECDsa>(), own, $"the audit key of site {store.Site}, which this command signs with");
        PublicationCheck.Require(store, keys, settings, calendar, what, store.TreeHeadSigner, [site]);
    }

    // A model this version's catalogue lacks (a store from another version) is named as its records name it.
    private RecognitionModelName Named(string modelId) => catalogue.Describe(modelId) ?? RecognitionModelName.AsRecorded(modelId);

    // The deployment's site's log as it stands (this step's own entries are appended when it commits).
    private LogRecords LogRecordsOf(Deployment d) => LogRecords.Read(store.AuditOf(d.Site ?? store.Site).Entries());

    /// <summary>
    /// After a publication commits: sign a tree head covering its log entry and record it with the document,
    /// so the public copy carries the head it was published under. Without a signing key, documents stay unanchored.
    /// </summary>
    public void AnchorNewDocuments()
    {
        if (store.TreeHeadSigner is not { } key) return;
        var pending = store.Documents.List().Where(d => d.Anchor is null).ToList();
        if (pending.Count == 0) return;
        var head = store.Audit.IssueTreeHead(key);
        foreach (var d in pending) store.Documents.Anchor(d.Deployment, d.Kind, head);
    }

    /// <summary>Every deployment with the documents it has published, as the public site shows them.</summary>
    public IReadOnlyList<SiteEntry> SiteEntries()
    {
        var docs = store.Documents.List();
        PublishedDocument? Find(Deployment d, string kind) => docs.FirstOrDefault(x => x.Deployment == d.Id && x.Kind == kind);
        T? Doc<T>(Deployment d, string kind) where T : class => Find(d, kind) is { } doc ? JsonSerializer.Deserialize<T>(doc.Json, PublicSite.Json) : null;
        return store.Deployments.List()
            .Select(d => new SiteEntry(d, Doc<PublicNotice>(d, PublicNotice.Kind), Doc<OutcomeReport>(d, OutcomeReport.Kind),
                Find(d, PublicNotice.Kind)?.Anchor, Find(d, OutcomeReport.Kind)?.Anchor)).ToList();
    }

    private PublishedDocument Store<T>(DeploymentId id, string kind, DateTimeOffset at, T document)
    {
        var json = JsonSerializer.Serialize(document, PublicSite.Json);
        var doc = new PublishedDocument(id, kind, at, json, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))));
        store.Documents.Add(doc);
        return doc;
    }
}
