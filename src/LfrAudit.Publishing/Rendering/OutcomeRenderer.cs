using System.Text;
using LfrAudit.Governance.Audit;
using LfrAudit.Publishing.Documents;

namespace LfrAudit.Publishing.Rendering;

public static class OutcomeRenderer
{
    public static string Title(OutcomeReport o) => $"Outcome: live facial recognition at {o.Location}, {o.Area}";

    private static (string, string)[] Figures(OutcomeReport o) =>
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

    private static (string, string)[] Facts(OutcomeReport o) =>
    [
        ("Deployment", o.DeploymentId),
        ("Where", $"{o.Location}, {o.Area}"),
        ("Ran", $"{Show.Time(o.StartedAt)} to {Show.Time(o.EndedAt)} ({o.DurationHours:0.##} hours)"),
        ("Planned", $"{Show.Time(o.PlannedStart)} to {Show.Time(o.PlannedEnd)}"),
        ("Watchlist size", $"{o.WatchlistSize} (content hash {o.WatchlistContentHash[..16]}…)"),
        ("Threshold", o.ThresholdChanges.Count == 0 ? Show.Threshold(o.ThresholdAtEnd) : $"{Show.Threshold(o.ThresholdAtStart)} at the start, {Show.Threshold(o.ThresholdAtEnd)} at the end"),
    ];

    private static (string, string, string, string)[] Deadlines(OutcomeReport o) =>
    [
        ("Notice (7 days before)", Show.Time(o.NoticeDeadline), Show.Time(o.NoticePublishedAt), o.UrgentOverride is not null && !o.NoticeOnTime ? "missed: urgent override" : Show.Met(o.NoticeOnTime)),
        ("Outcome report (5 working days after)",
            Show.Time(o.DueBy) + (o.DueByProvisional ? " (provisional: that year's bank holidays were not yet in the table, so weekdays only were counted)" : ""),
            Show.Time(o.PublishedAt), Show.Met(o.PublishedOnTime)),
    ];

    public static string ToHtml(OutcomeReport o, string homeHref, string alternatesBase, TreeHead? anchor = null)
    {
        var h = new Html();
        h.H(1, Title(o));
        if (o.DatedBySimulation) h.Line(SimulationBanner.Html);
        h.Facts(Facts(o));
        h.H(2, "What happened");
        h.Table("Figures for this deployment", ["Measure", "Value"], Figures(o).Select(f => new[] { Html.E(f.Item1), Html.E(f.Item2) }));
        if (o.EngagementOutcomes.Count > 0)
            h.Table("Outcomes of engagements after a confirmed alert", ["Outcome", "Count"], o.EngagementOutcomes.OrderBy(kv => kv.Key).Select(kv => new[] { Html.E(kv.Key), Show.Count(kv.Value) }));
        h.P("The false alert rate is given two ways, as both are used in public debate: false alerts divided by all faces seen, and false alerts divided by all alerts.");
        h.H(2, "Deadlines");
        h.Table("Were the public commitments met?", ["Document", "Due by", "Published", "Deadline"],
            Deadlines(o).Select(d => new[] { Html.E(d.Item1), Html.E(d.Item2), Html.E(d.Item3), $"<span class=\"{(d.Item4 == "met" ? "ontime" : "late")}\">{Html.E(d.Item4)}</span>" }));
        if (o.UrgentOverride is { } u)
        {
            h.H(2, "Urgent override");
            h.P($"This deployment went live without the notice its commitments require (a notice published 7 days ahead, and a start no earlier than the notice said). Reason given: {u.Reason}. Authorised by {u.AuthorisedBy} at {Show.Time(u.At)}.");
        }
        if (o.RunsInterrupted > 0)
        {
            h.H(2, "Interrupted runs");
            h.P(InterruptedText(o));
        }
        if (o.ThresholdChanges.Count > 0)
            h.Table("Threshold changes", ["When", "From", "To", "Authorised by", "Reason"],
                o.ThresholdChanges.Select(t => new[] { Html.E(Show.Time(t.At)), Show.Threshold(t.From), Show.Threshold(t.To), Html.E(t.AuthorisedBy), Html.E(t.Reason) }));
        h.Raw(AnchorText.Html(anchor, alternatesBase));
        h.Line($"<nav aria-label=\"Other formats\"><p>Also as {Html.Link(alternatesBase + ".md", "Markdown")} and {Html.Link(alternatesBase + ".json", "JSON")}.</p></nav>");
        return Html.Page(Title(o), h.ToString(), homeHref);
    }

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
            foreach (var kv in o.EngagementOutcomes.OrderBy(kv => kv.Key)) b.AppendLine($"| {Markdown.E(kv.Key)} | {Show.Count(kv.Value)} |");
        }
        b.AppendLine().AppendLine("## Deadlines").AppendLine().AppendLine("| Document | Due by | Published | Deadline |").AppendLine("|---|---|---|---|");
        foreach (var d in Deadlines(o)) b.AppendLine($"| {d.Item1} | {d.Item2} | {d.Item3} | {d.Item4} |");
        if (o.UrgentOverride is { } u) b.AppendLine().AppendLine($"**Urgent override:** {Markdown.E(u.Reason)} (authorised by {Markdown.E(u.AuthorisedBy)}, {Show.Time(u.At)}).");
        if (o.RunsInterrupted > 0) b.AppendLine().AppendLine(InterruptedText(o));
        foreach (var t in o.ThresholdChanges) b.AppendLine().AppendLine($"Threshold changed from {Show.Threshold(t.From)} to {Show.Threshold(t.To)} at {Show.Time(t.At)} by {Markdown.E(t.AuthorisedBy)}: {Markdown.E(t.Reason)}.");
        return b.ToString();
    }

    private static string InterruptedText(OutcomeReport o) =>
        $"{o.RunsInterrupted} recognition run{(o.RunsInterrupted == 1 ? " was" : "s were")} interrupted (the process stopped unexpectedly). "
        + "The faces seen they had recorded before stopping are counted above; any seen in their last few seconds are not.";
}
