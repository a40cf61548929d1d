using System.Security.Cryptography;
using System.Text.Json;
using LfrAudit.Application.Deployments;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Published;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;
using LfrAudit.Recognition.Matching;
using LfrAudit.Testing.Stores;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Application.Tests;

/// <summary>
/// A published notice and outcome report against the same documents built from the log by the builders that publish
/// them: what was published agrees member by member, and any member changed is named — not only the seven counts.
/// </summary>
[Trait("Category", "Dates")]
public sealed class DocumentsFromLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly IStore _store;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Deployment _deployment;

    public DocumentsFromLogTests()
    {
        _store = InMemoryStore.Create(_clock);
        _store.TreeHeadSigner = _key;
        EnrolledWatchlists.Small(_store, T0);
        RegisteredUsers.Add(_store, "sup.one", Role.Supervisor);
        var service = new DeploymentService(_store, new DocumentPublisher(_store, PublicationSettings.Default, WorkingDayCalendar.EnglandAndWales, new Calibration()),
            WorkingDayCalendar.EnglandAndWales, new Calibration());
        var plan = service.Plan(new PlanRequest(new DeploymentId("DEP-1"), new DeploymentLocation("High Street", "Croydon", 51.37, -0.09), T0.AddDays(10), T0.AddDays(10).AddHours(8),
            "wanted offenders", new AuthorisingOfficer("A. Example", "Superintendent"), [new CameraId("van-1")], "wl", new Threshold(0.6), RetentionPolicy.Default), "sup.one");
        _clock.SetUtcNow(T0.AddDays(1));
        service.PublishNotice(plan.Id, "sup.one", "test");
        _clock.SetUtcNow(T0.AddDays(10));
        service.Start(plan.Id, null, "sup.one");
        _clock.SetUtcNow(T0.AddDays(10).AddHours(2));
        service.ChangeThreshold(plan.Id, new Threshold(0.65), "sup.one", "two false alerts", "test");
        _clock.SetUtcNow(T0.AddDays(10).AddHours(8));
        service.End(plan.Id, "sup.one");
        _clock.SetUtcNow(T0.AddDays(11));
        _deployment = service.PublishOutcome(plan.Id, "sup.one", "test").Deployment;
    }

    public void Dispose()
    {
        _store.Dispose();
        _key.Dispose();
    }

    private sealed class Calibration : IModelCatalogue
    {
        public Threshold? CalibratedFor(string modelId) => null;
        public RecognitionModelName? Describe(string modelId) => null;
    }

    private (T Document, Recorded<DocumentPublished> Published, LogRecords AsPublished) Published<T>(string kind)
    {
        var entries = new List<AuditEntry>();
        foreach (var line in _store.Audit.Entries()) if (AuditEntry.TryParse(line, out var e, out _)) entries.Add(e);
        var read = LogContents.Read(entries).Entries;
        var published = LogRecords.Read(read).Deployments["DEP-1"].Documents[kind];
        var doc = _store.Documents.List().Single(d => d.Kind == kind);
        return (JsonSerializer.Deserialize<T>(doc.Json, PublicSite.Json)!, published, LogRecords.Read(read, published.Seq));
    }

    private IReadOnlyList<string> OutcomeDifferences(Func<OutcomeReport, OutcomeReport> change)
    {
        var (report, published, asPublished) = Published<OutcomeReport>(OutcomeReport.Kind);
        return DocumentsFromLog.OutcomeDifferences(change(report), asPublished, _deployment, PublicationSettings.Default, WorkingDayCalendar.EnglandAndWales,
            published.Event.PublishedAt, published.Simulated);
    }

    private IReadOnlyList<string> NoticeDifferences(Func<PublicNotice, PublicNotice> change)
    {
        var (notice, published, asPublished) = Published<PublicNotice>(PublicNotice.Kind);
        return DocumentsFromLog.NoticeDifferences(change(notice), asPublished, _deployment, PublicationSettings.Default, published.Event.PublishedAt, published.Seq, published.Simulated);
    }

    [Fact]
    public void The_documents_as_published_agree_with_the_log_member_by_member()
    {
        Assert.Empty(OutcomeDifferences(r => r));
        Assert.Empty(NoticeDifferences(n => n));
    }

    public static TheoryData<string, string> OutcomeEdits => new()
    {
        { "faces seen", "faces seen" }, { "arrests", "arrests" }, { "outcomes", "engagement outcomes.arrested" }, { "threshold at end", "threshold at end" },
        { "threshold change", "threshold changes[0].authorised by" }, { "ended", "ended at" }, { "watchlist hash", "watchlist content hash" },
        { "override", "urgent override" }, { "notice", "notice published at" }, { "place", "place" }, { "simulation", "dated by simulation" },
    };

    [Theory]
    [MemberData(nameof(OutcomeEdits))]
    public void Any_member_of_the_outcome_report_changed_is_named(string edit, string member)
    {
        Func<OutcomeReport, OutcomeReport> change = edit switch
        {
            "faces seen" => r => r with { FacesSeen = r.FacesSeen + 1 },
            "arrests" => r => r with { Arrests = r.Arrests + 1 },
            "outcomes" => r => r with { EngagementOutcomes = new Dictionary<string, long>(r.EngagementOutcomes) { ["arrested"] = 1 } },
            "threshold at end" => r => r with { ThresholdAtEnd = 0.6 },
            "threshold change" => r => r with { ThresholdChanges = [r.ThresholdChanges[0] with { AuthorisedBy = "someone" }] },
            "ended" => r => r with { EndedAt = r.EndedAt.AddHours(-1) },
            "watchlist hash" => r => r with { WatchlistContentHash = new string('0', 64) },
            "override" => r => r with { UrgentOverride = new UrgentOverrideRecord("urgent", "Supt B", r.StartedAt) },
            "notice" => r => r with { NoticePublishedAt = r.NoticePublishedAt!.Value.AddDays(-3) },
            "place" => r => r with { Area = "Elsewhere" },
            "simulation" => r => r with { DatedBySimulation = true },
            _ => throw new ArgumentOutOfRangeException(nameof(edit)),
        };
        var found = OutcomeDifferences(change);
        Assert.NotEmpty(found);
        Assert.Contains(found, f => f.StartsWith($"its {member}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_notice_naming_another_model_than_its_watchlist_s_is_named_and_one_frozen_before_models_were_named_is_not()
    {
        var other = NoticeDifferences(n => n with { RecognitionModel = n.RecognitionModel! with { Sha256 = new string('0', 64) } });
        Assert.Contains(other, f => f.StartsWith("its recognition model", StringComparison.Ordinal));
        // The name and version are the catalogue's words: the log holds the model's id and hash only.
        Assert.Empty(NoticeDifferences(n => n with { RecognitionModel = n.RecognitionModel! with { Name = "another wording" } }));
        Assert.Empty(NoticeDifferences(n => n with { RecognitionModel = null }));
    }

    [Fact]
    public void An_outcome_report_naming_a_model_no_run_used_is_named()
    {
        var extra = new RecognitionModelName("edgeface-xs-g06", "EdgeFace-XS", "xs", new string('b', 64), "CC-BY-NC-SA-4.0");
        Assert.Contains(OutcomeDifferences(r => r with { RecognitionModels = [.. r.RecognitionModels!, extra] }),
            f => f.StartsWith("its recognition models", StringComparison.Ordinal));
        Assert.Empty(OutcomeDifferences(r => r with { RecognitionModels = null }));
    }

    [Fact]
    public void Any_member_of_the_notice_changed_is_named()
    {
        Assert.Contains(NoticeDifferences(n => n with { Purpose = "something milder" }), f => f.StartsWith("its purpose says", StringComparison.Ordinal));
        Assert.Contains(NoticeDifferences(n => n with { Location = "Elsewhere" }), f => f.StartsWith("its place says", StringComparison.Ordinal));
    }
}
