using System.Text;
using LfrAudit.Governance.Audit;
using LfrAudit.Pages;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Publishing.Rendering;

/// <summary>An outcome report as the public reads it: an HTML page of the site, or Markdown.</summary>
public static class OutcomeRenderer
{
    /// <summary>The report's title: where the cameras were.</summary>
    public static string Title(OutcomeReport o) => $"Outcome: live facial recognition at {o.Location}, {o.Area}";

    internal static (string, string)[] Figures(OutcomeReport o) =>
    [
        ("Faces seen (each person passing a camera counted once)", Show.Count(o.FacesSeen)),
        ("Alerts", Show.Count(o.Alerts)),
        ("Confirmed by an officer", Show.Count(o.ConfirmedAlerts)),
        ("False alerts (rejected by an officer)", Show.Count(o.FalseAlerts)),
        ("Officer unsure", Show.Count(o.UnsureAlerts)),
        ("Not adjudicated", Show.Count(o.AlertsNotAdjudicated)),
        ("False alert rate, per face seen", PublicWording.Percent(o.FalseAlertRatePerFaceSeen)),
        ("False alert rate, per alert", PublicWording.Percent(o.FalseAlertRatePerAlert)),
        ("Engagements", Show.Count(o.Engagements)),
        ("Arrests", Show.Count(o.Arrests)),
    ];

    internal static (string, string)[] Facts(OutcomeReport o) =>
    [
        ("Deployment", o.DeploymentId),
        ("Where", $"{o.Location}, {o.Area}"),
        ("Ran", $"{Show.Time(o.StartedAt)} to {Show.Time(o.EndedAt)} ({o.DurationHours:0.##} hours)"),
        ("Planned", $"{Show.Time(o.PlannedStart)} to {Show.Time(o.PlannedEnd)}"),
        ("Watchlist size", $"{o.WatchlistSize} (content hash {o.WatchlistContentHash[..16]}…)"),
        ("Threshold", o.ThresholdChanges.Count == 0 ? Show.Threshold(o.ThresholdAtEnd) : $"{Show.Threshold(o.ThresholdAtStart)} at the start, {Show.Threshold(o.ThresholdAtEnd)} at the end"),
        // A report frozen before documents named the model has none to show; one whose runs used none says so.
        .. o.RecognitionModels is { } models
            ? [(models.Count == 1 ? "Recognition model" : "Recognition models", models.Count == 0 ? "none: no camera ran" : Show.Models(models))]
            : Array.Empty<(string, string)>(),
    ];

    internal static (string, string, string, string)[] Deadlines(OutcomeReport o) =>
    [
        ("Notice (7 days before)", Show.Deadline(o.NoticeDeadline), Show.Time(o.NoticePublishedAt), o.UrgentOverride is not null && !o.NoticeOnTime ? "missed: urgent override" : Show.Met(o.NoticeOnTime)),
        ("Outcome report (5 working days after)",
            Show.Deadline(o.DueBy) + (o.DueByProvisional ? " (provisional: that year's bank holidays were not yet in the table, so weekdays only were counted)" : ""),
            Show.Time(o.PublishedAt), Show.Met(o.PublishedOnTime)),
    ];

    /// <summary>What came of engagements, labelled as people read them, in the order the report lists them.</summary>
    internal static IEnumerable<(string Label, long Count)> EngagementOutcomes(OutcomeReport o) =>
        o.EngagementOutcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (PublicWording.Outcome(kv.Key), kv.Value));

    /// <summary>The report's page of the public site, with the tree head it was anchored under, if any, and a link to its notice where one was published.</summary>
    public static string ToHtml(OutcomeReport o, string homeHref, string alternatesBase, TreeHead? anchor = null, string? noticeHref = null) =>
        PageRenderer.Render<OutcomePage>(new Dictionary<string, object?>
        {
            [nameof(OutcomePage.Outcome)] = o, [nameof(OutcomePage.HomeHref)] = homeHref, [nameof(OutcomePage.AlternatesBase)] = alternatesBase, [nameof(OutcomePage.Anchor)] = anchor,
            [nameof(OutcomePage.NoticeHref)] = noticeHref,
        });

    /// <summary>The report as Markdown, every text from a person escaped.</summary>
    public static string ToMarkdown(OutcomeReport o)
    {
        // Every value is escaped: names, places and reasons come from people and must not become markup.
        var b = new StringBuilder();
        b.AppendLine($"# Outcome: live facial recognition at {Markdown.E(o.Location)}, {Markdown.E(o.Area)}").AppendLine();
        if (o.DatedBySimulation) b.AppendLine(SimulationBanner.Markdown).AppendLine();
        foreach (var (k, v) in Facts(o)) b.AppendLine($"- {k}: {Markdown.E(v)}");
        b.AppendLine().AppendLine("## What happened").AppendLine().AppendLine("| Measure | Value |").AppendLine("|---|---:|");
        foreach (var (k, v) in Figures(o)) b.AppendLine($"| {k} | {v} |");
        if (o.EngagementOutcomes.Count > 0)
        {
            b.AppendLine().AppendLine("| Engagement outcome | Count |").AppendLine("|---|---:|");
            foreach (var (label, count) in EngagementOutcomes(o)) b.AppendLine($"| {Markdown.E(label)} | {Show.Count(count)} |");
        }
        b.AppendLine().AppendLine("## Deadlines").AppendLine().AppendLine("| Document | Due by | Published | Deadline |").AppendLine("|---|---|---|---|");
        foreach (var d in Deadlines(o)) b.AppendLine($"| {d.Item1} | {d.Item2} | {d.Item3} | {d.Item4} |");
        if (o.UrgentOverride is { } u) b.AppendLine().AppendLine($"**Urgent override:** {Markdown.E(u.Reason)} (authorised by {Markdown.E(u.AuthorisedBy)}, {Show.Time(u.At)}).");
        if (o.RunsInterrupted > 0) b.AppendLine().AppendLine(InterruptedText(o));
        foreach (var t in o.ThresholdChanges) b.AppendLine().AppendLine($"Threshold changed from {Show.Threshold(t.From)} to {Show.Threshold(t.To)} at {Show.Time(t.At)} by {Markdown.E(t.AuthorisedBy)}: {Markdown.E(t.Reason)}.");
        return b.ToString();
    }

    internal static string InterruptedText(OutcomeReport o) =>
        $"{o.RunsInterrupted} recognition run{(o.RunsInterrupted == 1 ? " was" : "s were")} interrupted (the process stopped unexpectedly). "
        + "The faces seen they had recorded before stopping are counted above; any seen in their last few seconds are not.";
}
