using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Rendering;

namespace LfrAudit.Publishing.Oversight;

/// <summary>
/// The independent advisory group's report, built only from an audit log export it has verified itself. The verification
/// result comes first and, if the log did not verify, nothing else: unverified entries are not evidence. Otherwise a
/// contents list and a summary table lead (deployments, recognition inside and outside deployments, alerts by outcome,
/// decisions by user, sign-ins and refusals, users added and changed (disabled, enabled, removed, new passwords),
/// operators assigned, evidence views by user, threshold changes, purges, anything unexpected), then a section for each,
/// reachable by anchor, and a closing count that ties the report's rows to the log's size: every entry is
/// accounted for in exactly one section (<see cref="LogAccount"/>), and an entry of a type the report does not know is
/// shown, never dropped. Deadlines come from the same rules the product enforces (<see cref="DeploymentRules"/>).
/// </summary>
public static class IagReport
{
    /// <summary>
    /// The report on a verified log, as one HTML page: <paramref name="verification"/> heads it, then every entry of
    /// <paramref name="entryLines"/> in its section; <paramref name="trust"/> says how the key was trusted.
    /// </summary>
    public static string Render(IReadOnlyList<string> entryLines, VerificationResult verification, WorkingDayCalendar calendar, DateTimeOffset generatedAt,
        string? trust = null, ReviewBanner? banner = null)
    {
        var h = new ReportBuilder();
        h.H(1, "Audit report for the independent advisory group");
        h.P($"Generated {Show.Time(generatedAt)} from an audit log export of {Show.Count(verification.Entries)} entries and {verification.Heads} signed tree heads.");
        if (trust is not null) h.P(trust);
        var entries = new List<AuditEntry>();
        foreach (var line in entryLines)
            if (AuditEntry.TryParse(line, out var e, out _)) entries.Add(e);
        var reading = LogContents.Read(entries);
        var problems = verification.Problems.Concat(reading.Problems).ToList();
        if (problems.Count > 0 || entries.Count != entryLines.Count)
        {
            h.Note("The log did NOT verify. Nothing in it can be relied on until the problems below are explained.", "note late");
            if (problems.Count == 0) problems.Add("an entry line could not be read");
            h.List(problems);
            return h.Render("Audit report: log did not verify", verification, banner);
        }
        h.Note("Verified: every entry is in order and unaltered, every tree head's signature holds, each head extends the one before it, and every entry's content is well formed and consistent with the entries before it.", "note ontime");
        var simulated = entries.Count(e => e.Clock == AuditEntry.SimulationClock);
        if (simulated > 0)
            h.Add(new Paragraph($"{Show.Count(simulated)} of {Show.Count(entries.Count)} entries were dated by a simulation clock (a demo, a simulated programme or a command run with --now), not by real time: their times, and the times they record, are the simulation's.", "note", Lead: "Simulation clock."));
        var judged = JudgedAt.Of(entries, generatedAt);
        h.Add(new Paragraph(judged.Explained, "note", "judged-at"));
        var now = judged.At;

        var log = new ReadLog(reading.Entries);
        var account = LogAccount.Of(reading.Entries);
        Contents(h, account);
        Summary(h, log, account, calendar, now);
        DeploymentsSection(h, log, account, calendar, now);
        RunsSection(h, log, account.Sections.Single(s => s.Anchor == LogAccount.RunsInDeployments), inDeployments: true);
        RunsSection(h, log, account.Sections.Single(s => s.Anchor == LogAccount.RunsOutside), inDeployments: false);
        AccountsSection(h, log, account);
        EvidenceSection(h, log, account);
        PurgesSection(h, log, account);
        WatchlistsSection(h, log, account);
        StoresSection(h, log, account);
        UnknownSection(h, log, account);
        Accounting(h, account);
        return h.Render("Audit report for the independent advisory group", verification, banner);
    }

    /// <summary>The typed entries, with the lookups the sections share.</summary>
    private sealed class ReadLog(IReadOnlyList<ReadEntry> entries)
    {
        public IReadOnlyList<ReadEntry> Entries { get; } = entries;
        public IEnumerable<(AuditEntry Entry, T Event)> Of<T>() where T : IAuditEvent =>
            Entries.Where(r => r.Event is T).Select(r => (r.Entry, (T)r.Event!));
        public Dictionary<long, (AuditEntry Entry, AlertAdjudicated Event)> Decisions { get; } =
            entries.Where(r => r.Event is AlertAdjudicated).GroupBy(r => ((AlertAdjudicated)r.Event!).Alert).ToDictionary(g => g.Key, g => (g.First().Entry, (AlertAdjudicated)g.First().Event!));
        public Dictionary<long, EngagementRecorded> Outcomes { get; } =
            entries.Select(r => r.Event).OfType<EngagementRecorded>().GroupBy(e => e.Alert).ToDictionary(g => g.Key, g => g.First());
        public Dictionary<string, RunStarted> Runs { get; } =
            entries.Select(r => r.Event).OfType<RunStarted>().GroupBy(r => r.Run).ToDictionary(g => g.Key, g => g.First());
    }

    private static void Section(ReportBuilder h, string anchor, string title) => h.Add(new Heading(2, title, anchor));

    private static void Contents(ReportBuilder h, LogAccount account)
    {
        h.Add(new ContentsList(
        [
            (Cell.Link("#summary", "Summary"), ""),
            .. account.Sections.Select(s => (Cell.Link("#" + s.Anchor, s.Title), $" ({Show.Count(s.Entries.Count)} entries)")),
            (Cell.Link("#accounting", "Every entry accounted for"), ""),
        ]));
    }

    private static string Who(string? by, string? via) => by is null ? "not named" : via is null ? by : $"{by} ({via})";

    private static void Summary(ReportBuilder h, ReadLog log, LogAccount account, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        Section(h, "summary", "Summary");
        var plans = log.Of<DeploymentPlanned>().ToList();
        var deadlines = plans.Select(p => Deadlines.Of(p.Event, log, calendar, now)).ToList();
        var runs = log.Of<RunStarted>().ToList();
        // A model whose weights are licensed for non-commercial use only: the IAG sees that the force chose it, and accepted that.
        var restricted = runs.Where(r => r.Event.ModelLicence is not null).ToList();
        var alerts = log.Of<AlertRaised>().ToList();
        var outside = alerts.Count(a => !log.Runs.TryGetValue(a.Event.Run, out var r) || r.Deployment is null);
        var decisions = log.Of<AlertAdjudicated>().Select(d => d.Event).ToList();
        var signIns = log.Of<SignInRecorded>().Select(s => s.Event).ToList();
        var changes = log.Entries.Select(r => r.Event).OfType<IUserChange>().ToList();
        var purges = log.Of<EvidencePurged>().Select(p => p.Event).ToList();
        var overrides = log.Of<DeploymentStarted>().Count(s => s.Event.UrgentOverride is not null);
        static Cell Flag(long n, string text) => n > 0 ? Cell.Late(text) : text;
        var rows = new List<Cell[]>
        {
            new Cell[] { Cell.Link("#" + LogAccount.Deployments, "Deployments planned"), Show.Count(plans.Count),
                $"{log.Of<DeploymentStarted>().Count()} went live, {log.Of<DeploymentEnded>().Count()} ended, {log.Of<OutcomePublished>().Count()} outcome reports published, {log.Of<DeploymentCancelled>().Count()} cancelled" },
            new Cell[] { "Notices late or missing", Flag(deadlines.Count(d => d.NoticeMissed), Show.Count(deadlines.Count(d => d.NoticeMissed))), $"{overrides} started under an urgent override" },
            new Cell[] { "Outcome reports late or overdue", Flag(deadlines.Count(d => d.OutcomeLate), Show.Count(deadlines.Count(d => d.OutcomeLate))), "counted from the end, or the planned end if that came first" },
            new Cell[] { Cell.Link("#" + LogAccount.RunsInDeployments, "Recognition runs in deployments"), Show.Count(runs.Count(r => r.Event.Deployment is not null)), "" },
            new Cell[] { Cell.Link("#" + LogAccount.RunsOutside, "Recognition runs OUTSIDE any deployment"), Flag(runs.Count(r => r.Event.Deployment is null), Show.Count(runs.Count(r => r.Event.Deployment is null))),
                $"with {outside} alerts: no notice, no outcome report covers them" },
            new Cell[] { "Runs on a model not licensed for any use", Flag(restricted.Count, Show.Count(restricted.Count)),
                string.Join("; ", restricted.GroupBy(r => (r.Event.Model, r.Event.ModelLicence)).Select(g => $"{g.Key.Model}: {g.Key.ModelLicence} ({g.Count()} runs)")) },
            new Cell[] { "Alerts raised", Show.Count(alerts.Count),
                $"{decisions.Count(d => d.Decision == "confirm")} confirmed, {decisions.Count(d => d.Decision == "reject")} rejected, {decisions.Count(d => d.Decision == "unsure")} unsure, {alerts.Count - decisions.Count} not decided" },
            new Cell[] { "Decisions by user", Show.Count(decisions.Count),
                string.Join("; ", decisions.GroupBy(d => d.By, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => $"{g.Key}: {g.Count()} ({g.Count(d => d.Decision == "confirm")} confirmed, {g.Count(d => d.Decision == "reject")} rejected, {g.Count(d => d.Decision == "unsure")} unsure)")) },
            new Cell[] { "Engagement outcomes recorded", Show.Count(log.Of<EngagementRecorded>().Count()),
                string.Join(", ", log.Of<EngagementRecorded>().GroupBy(o => o.Event.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")) },
            new Cell[] { Cell.Link("#" + LogAccount.Accounts, "Sign-ins"), Show.Count(signIns.Count(s => s.Succeeded)),
                Flag(signIns.Count(s => !s.Succeeded), $"{signIns.Count(s => !s.Succeeded)} refused") },
            new Cell[] { "Users added", Show.Count(log.Of<UserAdded>().Count()), string.Join(", ", log.Of<UserAdded>().Select(u => $"{u.Event.User} ({u.Event.Role}) by {u.Event.By}")) },
            new Cell[] { Cell.Link("#" + LogAccount.Accounts, "Changes to users"), Show.Count(changes.Count),
                $"{changes.Count(c => c is UserDisabled)} disabled, {changes.Count(c => c is UserEnabled)} enabled, {changes.Count(c => c is UserRemoved)} removed, {changes.Count(c => c is PasswordChanged)} new passwords" },
            new Cell[] { "Threshold changes", Show.Count(log.Of<ThresholdChanged>().Count()), $"taken up by {log.Of<ThresholdApplied>().Count()} running cameras" },
            new Cell[] { Cell.Link("#" + LogAccount.Evidence, "Operators assigned"), Show.Count(log.Of<OperatorAssigned>().Count()),
                $"{log.Of<OperatorUnassigned>().Count()} taken off again" },
            new Cell[] { Cell.Link("#" + LogAccount.Evidence, "Evidence views"), Show.Count(log.Of<EvidenceViewed>().Count()),
                string.Join("; ", log.Of<EvidenceViewed>().GroupBy(v => v.Event.By, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => $"{g.Key}: {g.Count()} ({g.Select(v => v.Event.Alert).Distinct().Count()} alerts)")) },
            new Cell[] { Cell.Link("#" + LogAccount.Purges, "Evidence purges"), Show.Count(purges.Count), $"{purges.Sum(p => p.Alerts)} alerts' evidence deleted" },
            new Cell[] { Cell.Link("#" + LogAccount.Watchlists, "Watchlists enrolled"), Show.Count(log.Of<WatchlistEnrolled>().Count()), "" },
            new Cell[] { "Documents published", Show.Count(log.Of<DocumentPublished>().Count()), "notices and outcome reports, each by its SHA-256" },
            new Cell[] { Cell.Link("#" + LogAccount.Unknown, "Entries of an unknown type"), Flag(account.Sections.Single(s => s.Anchor == LogAccount.Unknown).Entries.Count,
                Show.Count(account.Sections.Single(s => s.Anchor == LogAccount.Unknown).Entries.Count)), "shown in full below" },
        };
        h.Table("What the log holds", ["", "Count", "Details"], rows);
    }

    /// <summary>
    /// A deployment's two deadlines, by the rules the product enforces. The outcome report is owed once it has gone live (and
    /// was not cancelled): from its end, or its planned end if that came first; while it is still live before its planned
    /// end, from the planned end at the latest (<see cref="OutcomeFromPlannedEnd"/>) — so a deployment left live always has its row.
    /// </summary>
    private sealed record Deadlines(DateTimeOffset NoticeDue, DateTimeOffset? NoticeAt, bool Overridden, Deadline? Outcome, DateTimeOffset? OutcomeAt, bool Cancelled)
    {
        public bool OutcomeFromPlannedEnd { get; init; }
        public bool NoticeMissed => !Cancelled && (NoticeAt is null ? Started : NoticeAt > NoticeDue) && !Overridden;
        public bool Started { get; init; }
        public bool OutcomeLate => Outcome is { } due && (OutcomeAt is { } at ? at >= due.DueBy : Now >= due.DueBy);
        public DateTimeOffset Now { get; init; }

        public static Deadlines Of(DeploymentPlanned p, ReadLog log, WorkingDayCalendar calendar, DateTimeOffset now)
        {
            T? Step<T>() where T : class, IAuditEvent => log.Of<T>().Select(x => x.Event).FirstOrDefault(e => DeploymentSteps.AnyOf(e) == p.Deployment);
            var notice = Step<NoticePublished>();
            var started = Step<DeploymentStarted>();
            var ended = Step<DeploymentEnded>();
            var outcome = Step<OutcomePublished>();
            var cancelled = Step<DeploymentCancelled>();
            var from = DeploymentRules.OutcomeClockStart(p.PlannedEnd, ended?.EndedAt, now);
            Deadline? due = cancelled is null && started is not null ? DeploymentRules.OutcomeDeadline(from ?? p.PlannedEnd, calendar) : null;
            return new Deadlines(DeploymentRules.NoticeDeadline(p.PlannedStart), notice?.PublishedAt, started?.UrgentOverride is not null, due, outcome?.PublishedAt,
                cancelled is not null) { Started = started is not null, Now = now, OutcomeFromPlannedEnd = due is not null && from is null };
        }
    }

    private static void DeploymentsSection(ReportBuilder h, ReadLog log, LogAccount account, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        Section(h, LogAccount.Deployments, account.Sections.Single(s => s.Anchor == LogAccount.Deployments).Title);
        var plans = log.Of<DeploymentPlanned>().ToList();
        if (plans.Count == 0) h.P("No deployment was planned in this log.");
        foreach (var (_, p) in plans)
        {
            h.Add(new Heading(3, $"Deployment {p.Deployment}: {p.Location}", $"deployment-{p.Deployment}"));
            h.P($"Planned {Show.Time(p.PlannedStart)} to {Show.Time(p.PlannedEnd)}; cameras {string.Join(", ", p.Cameras)}; watchlist {p.Watchlist}; threshold {Show.Threshold(p.Threshold)}; authorised by {p.AuthorisedBy}. Purpose: {p.Purpose}");
            var steps = log.Entries.Where(r => r.Event is { } e && DeploymentSteps.AnyOf(e) == p.Deployment).ToList();
            h.Table("Timeline", ["Event", "When", "Logged", "By", "Details"], steps.Select(r => new[]
            {
                r.Entry.Type, When(r.Event!) is { } w ? Show.Time(w) : "", Show.Time(r.Entry.At) + (r.Entry.Clock is null ? "" : " (simulation)"),
                By(r.Event!), Describe(r.Event!),
            }));
            var d = Deadlines.Of(p, log, calendar, now);
            var rows = new List<Cell[]>
            {
                new Cell[] { "Notice (7 days before the planned start)", Show.Time(d.NoticeDue), d.NoticeAt is { } n ? Show.Time(n) : "not published",
                    Verdict(d.NoticeAt is { } at && at <= d.NoticeDue, d.Overridden, d.Cancelled && d.NoticeAt is null) },
            };
            if (d.Outcome is { } due)
                rows.Add([ "Outcome report (5 working days after the end, or the planned end if that came first)",
                    Show.Time(due.DueBy) + (d.OutcomeFromPlannedEnd ? " at the latest (still live: counted from the planned end; earlier if it ends sooner)" : "")
                        + (due.Provisional ? " (provisional: weekdays only; that year's bank holidays were not in the table)" : ""),
                    d.OutcomeAt is { } o ? Show.Time(o) : "not published",
                    d.OutcomeAt is { } published ? Verdict(published < due.DueBy, false, false)
                        : now >= due.DueBy ? Cell.Late("overdue") : "not yet due" ]);
            h.Table("Deadlines", ["Document", "Due by", "Published", "Met?"], rows);
        }
    }

    private static DateTimeOffset? When(IAuditEvent e) => e switch
    {
        DeploymentPlanned x => x.PlannedStart, NoticePublished x => x.PublishedAt, DeploymentStarted x => x.StartedAt, DeploymentEnded x => x.EndedAt,
        OutcomePublished x => x.PublishedAt, DeploymentCancelled x => x.CancelledAt, ThresholdChanged x => x.At, ThresholdApplied x => x.At,
        DocumentPublished x => x.PublishedAt, _ => null,
    };

    private static string By(IAuditEvent e) => e switch
    {
        DeploymentPlanned x => Who(x.By, x.Via), NoticePublished x => Who(x.By, x.Via), DeploymentStarted x => Who(x.By ?? x.UrgentOverride?.By, x.Via),
        DeploymentEnded x => Who(x.By, x.Via), OutcomePublished x => Who(x.By, x.Via), DeploymentCancelled x => Who(x.By, x.Via), ThresholdChanged x => Who(x.By, x.Via),
        _ => "",
    };

    private static string Describe(IAuditEvent e) => e switch
    {
        DeploymentPlanned x => $"planned for {Show.Time(x.PlannedStart)} to {Show.Time(x.PlannedEnd)}",
        NoticePublished x => x.OnTime ? "on time" : "LATE",
        DeploymentStarted x => $"watchlist {x.Watchlist} ({x.WatchlistEntries} entries, hash {Short(x.WatchlistHash)}), threshold {Show.Threshold(x.Threshold)}"
            + (x.UrgentOverride is { } o ? $"; URGENT OVERRIDE by {o.By}: {o.Reason}" : ""),
        ThresholdChanged x => $"{Show.Threshold(x.From)} to {Show.Threshold(x.To)}: {x.Reason}",
        ThresholdApplied x => $"camera {x.Camera} (run {x.Run}) now at {Show.Threshold(x.Threshold)}",
        DeploymentCancelled x => $"reason: {x.Reason}",
        DocumentPublished x => $"{x.Kind}, SHA-256 {Short(x.Sha256)}",
        _ => "",
    };

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash;

    private static Cell Verdict(bool met, bool overridden, bool cancelled) =>
        met ? Cell.OnTime("met") : overridden ? Cell.Late("missed: urgent override")
        : cancelled ? "not needed: cancelled" : Cell.Late("missed");

    private static void RunsSection(ReportBuilder h, ReadLog log, ReportSection section, bool inDeployments)
    {
        Section(h, section.Anchor, section.Title);
        var runs = log.Runs.Values.Where(r => (r.Deployment is not null) == inDeployments).ToList();
        if (runs.Count == 0) { h.P(inDeployments ? "No recognition ran in a deployment." : "None: every recognition run belonged to a deployment."); return; }
        if (!inDeployments)
            h.Note("These runs searched faces outside any deployment: no notice announced them and no outcome report counts them. Each should be explained.", "note late");
        var ends = log.Of<RunEnded>().GroupBy(e => e.Event.Run).ToDictionary(g => g.Key, g => g.First().Event);
        var interrupted = log.Of<RunInterrupted>().GroupBy(e => e.Event.Run).ToDictionary(g => g.Key, g => g.First().Event);
        var started = log.Of<RunStarted>().GroupBy(e => e.Event.Run).ToDictionary(g => g.Key, g => g.First().Entry);
        var seen = log.Of<FacesCounted>().GroupBy(e => e.Event.Run).ToDictionary(g => g.Key, g => g.Sum(x => x.Event.Seen));
        h.Table("Runs", ["Run", "Deployment", "Camera", "Started", "Threshold", "Ended", "Faces seen", "Alerts"], runs.Select(r => new[]
        {
            r.Run, r.Deployment ?? "none", r.Camera, Show.Time(started[r.Run].At), Show.Threshold(r.Threshold),
            ends.TryGetValue(r.Run, out var e) ? PublicWording.RunEnd(e.End) : interrupted.ContainsKey(r.Run) ? PublicWording.RunEnd("interrupted") : "still open",
            Show.Count(ends.TryGetValue(r.Run, out var x) ? x.FacesSeen : interrupted.TryGetValue(r.Run, out var i) ? i.FacesSeen : seen.GetValueOrDefault(r.Run)),
            Show.Count(log.Of<AlertRaised>().Count(a => a.Event.Run == r.Run)),
        }));
        var ids = runs.Select(r => r.Run).ToHashSet(StringComparer.Ordinal);
        var alerts = log.Of<AlertRaised>().Where(a => ids.Contains(a.Event.Run)).ToList();
        if (alerts.Count == 0) { h.P("No alerts."); return; }
        h.Table("Alerts and decisions", ["Alert", "Run", "Raised", "Candidate", "Score", "Decision", "Outcome"], alerts.Select(a => new[]
        {
            a.Event.Alert.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Event.Run, Show.Time(a.Event.CapturedAt),
            $"{a.Event.Candidate} ({a.Event.Category})", Show.Threshold(a.Event.Score),
            log.Decisions.TryGetValue(a.Event.Alert, out var d) ? $"{d.Event.Decision} by {Who(d.Event.By, d.Event.Via)}, {Show.Time(d.Event.At)}" : "not decided",
            log.Outcomes.TryGetValue(a.Event.Alert, out var o) ? $"{o.Outcome} (recorded by {Who(o.By, o.Via)})" : "",
        }));
    }

    private static void AccountsSection(ReportBuilder h, ReadLog log, LogAccount account)
    {
        Section(h, LogAccount.Accounts, account.Sections.Single(s => s.Anchor == LogAccount.Accounts).Title);
        var added = log.Of<UserAdded>().ToList();
        var changes = log.Entries.Select(r => r.Event).OfType<IUserChange>().ToList();
        // Where each user stands once every change the log holds is applied.
        var standing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in changes)
            standing[c.User] = c switch { UserDisabled => "disabled", UserRemoved => "removed", UserEnabled => "active", _ => standing.GetValueOrDefault(c.User, "active") };
        Cell Standing(string user) => standing.GetValueOrDefault(user, "active") is var s && s == "active" ? s : Cell.Late(s);
        if (added.Count == 0) h.P("No user was added.");
        else h.Table("Users added", ["User", "Role", "Added by", "When", "Now"], added.Select(u => new[]
            { u.Event.User, u.Event.Role, Who(u.Event.By, u.Event.Via), Show.Time(u.Event.At), Standing(u.Event.User) }));
        if (changes.Count == 0) h.P("No user was disabled, enabled, removed or given a new password.");
        else h.Table("Changes to users", ["User", "Change", "By", "When"], changes.Select(c => new[]
        {
            c.User,
            c switch { UserDisabled => Cell.Late("disabled"), UserRemoved => Cell.Late("removed"), UserEnabled => "enabled", _ => (Cell)"new password" },
            Who(c.By, c.Via), Show.Time(c.At),
        }));
        // Other force systems' keys: who was given one, with what role, by whom; which were revoked.
        var revoked = log.Of<ApiKeyRevoked>().GroupBy(r => r.Event.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Event, StringComparer.Ordinal);
        var issued = log.Of<ApiKeyIssued>().ToList();
        if (issued.Count == 0) h.P("No API key was issued.");
        else h.Table("API keys issued", ["Key", "Client", "Role", "Issued by", "When", "Revoked"], issued.Select(k => new[]
        {
            k.Event.Key, k.Event.Client, k.Event.Role, Who(k.Event.By, k.Event.Via), Show.Time(k.Event.At),
            revoked.TryGetValue(k.Event.Key, out var r) ? Cell.Late($"{Show.Time(r.At)} by {Who(r.By, r.Via)}") : "no",
        }));
        var signIns = log.Of<SignInRecorded>().Select(s => s.Event).ToList();
        if (signIns.Count == 0) h.P("No sign-in was attempted.");
        else h.Table("Sign-ins by name", ["Name given", "Signed in", "Refused", "From"], signIns.GroupBy(s => s.User, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new[] { g.Key, Show.Count(g.Count(s => s.Succeeded)), g.Any(s => !s.Succeeded) ? Cell.Late(Show.Count(g.Count(s => !s.Succeeded))) : "0",
                string.Join(", ", g.Select(s => s.From).Distinct(StringComparer.Ordinal)) }));
    }

    /// <summary>Who was given which deployment's alerts, and who was shown what evidence: every view, and the views per user.</summary>
    private static void EvidenceSection(ReportBuilder h, ReadLog log, LogAccount account)
    {
        Section(h, LogAccount.Evidence, account.Sections.Single(s => s.Anchor == LogAccount.Evidence).Title);
        var changes = log.Entries.Where(r => r.Event is OperatorAssigned or OperatorUnassigned).ToList();
        if (changes.Count == 0) h.P("No operator was assigned to a deployment in this log.");
        else h.Table("Assignments", ["Deployment", "Operator", "Change", "By", "When"], changes.Select(r => r.Event switch
        {
            OperatorAssigned a => new Cell[] { a.Deployment, a.Operator, "assigned", Who(a.By, a.Via), Show.Time(a.At) },
            OperatorUnassigned u => new Cell[] { u.Deployment, u.Operator, Cell.Late("taken off"), Who(u.By, u.Via), Show.Time(u.At) },
            _ => [],
        }));
        var views = log.Of<EvidenceViewed>().Select(v => v.Event).ToList();
        if (views.Count == 0) { h.P("No evidence was shown to anyone."); return; }
        var deploymentOf = log.Of<AlertRaised>().GroupBy(a => a.Event.Alert).ToDictionary(g => g.Key, g => log.Runs.TryGetValue(g.First().Event.Run, out var r) ? r.Deployment : null);
        h.Table("Evidence views by user", ["User", "Views", "Probe crops", "Reference images", "Alerts", "Through"], views.GroupBy(v => v.By, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new[]
            {
                g.Key, Show.Count(g.Count()), Show.Count(g.Count(v => v.Evidence == EvidenceViewed.Probe)),
                Show.Count(g.Count(v => v.Evidence == EvidenceViewed.Reference)), Show.Count(g.Select(v => v.Alert).Distinct().Count()),
                string.Join(", ", g.Select(v => v.Via ?? "not named").Distinct(StringComparer.Ordinal)),
            }));
        h.Table("Every view of evidence", ["Alert", "Deployment", "Shown", "To", "When"], views.Select(v => new[]
        {
            v.Alert.ToString(System.Globalization.CultureInfo.InvariantCulture), deploymentOf.GetValueOrDefault(v.Alert) ?? "none",
            v.Evidence == EvidenceViewed.Probe ? "probe crop" : v.Evidence == EvidenceViewed.Reference ? "reference image" : v.Evidence,
            Who(v.By, v.Via), Show.Time(v.At),
        }));
    }

    private static void PurgesSection(ReportBuilder h, ReadLog log, LogAccount account)
    {
        Section(h, LogAccount.Purges, account.Sections.Single(s => s.Anchor == LogAccount.Purges).Title);
        var purges = log.Of<EvidencePurged>().ToList();
        if (purges.Count == 0) h.P("None recorded.");
        else h.Table("Retention purges", ["Purge", "When", "Reason", "Alerts"], purges.Select(p => new[]
            { p.Event.Purge.ToString(System.Globalization.CultureInfo.InvariantCulture), Show.Time(p.Event.At), p.Event.Reason, Show.Count(p.Event.Alerts) }));
    }

    private static void WatchlistsSection(ReportBuilder h, ReadLog log, LogAccount account)
    {
        Section(h, LogAccount.Watchlists, account.Sections.Single(s => s.Anchor == LogAccount.Watchlists).Title);
        var enrolled = log.Of<WatchlistEnrolled>().ToList();
        if (enrolled.Count == 0) h.P("None enrolled in this log.");
        else h.Table("Watchlist enrolments", ["Watchlist", "Recorded", "Entries", "Model", "Content hash"], enrolled.Select(w => new[]
            { w.Event.Name, Show.Time(w.Entry.At), Show.Count(w.Event.Entries), w.Event.Model, Cell.AsCode(Short(w.Event.ContentHash)) }));
    }

    private static void StoresSection(ReportBuilder h, ReadLog log, LogAccount account)
    {
        Section(h, LogAccount.Stores, account.Sections.Single(s => s.Anchor == LogAccount.Stores).Title);
        var rows = log.Entries.Where(r => r.Event is SiteRegistered or StoreImported).Select(r => new[]
        {
            r.Entry.Type, Show.Time(r.Entry.At),
            r.Event switch { SiteRegistered s => $"site {s.Site} on {s.Host}", StoreImported i => $"{i.Entries} entries from {i.From} (root {Short(i.RootHash)})", _ => "" },
        }).ToList();
        if (rows.Count == 0) h.P("None.");
        else h.Table("Sites and imports", ["Event", "Logged", "Details"], rows);
    }

    private static void UnknownSection(ReportBuilder h, ReadLog log, LogAccount account)
    {
        Section(h, LogAccount.Unknown, account.Sections.Single(s => s.Anchor == LogAccount.Unknown).Title);
        var unknown = log.Entries.Where(r => r.IsUnknownType).ToList();
        if (unknown.Count == 0) { h.P("None: this report knows every type of entry in the log."); return; }
        h.Note("A newer version of LfrAudit, or something else, wrote these entries. They verified, so they are part of the record; here they are in full.", "note late");
        h.Table("Entries of unknown types", ["Entry", "Type", "Logged", "Data"], unknown.Select(r => new[]
        {
            r.Entry.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Entry.Type, Show.Time(r.Entry.At),
            Cell.AsCode(CanonicalJson.EncodeToString(r.Entry.Data)),
        }));
    }

    private static void Accounting(ReportBuilder h, LogAccount account)
    {
        Section(h, "accounting", "Every entry accounted for");
        h.Table("Entries by section", ["Section", "Entries"], account.Sections.Select(s => new[] { Cell.Link("#" + s.Anchor, s.Title), Show.Count(s.Entries.Count) })
            .Append(["Total", Show.Count(account.Accounted)]));
        var counts = new Dictionary<string, object>
        {
            ["data-entries"] = account.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["data-accounted"] = account.Accounted.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        h.Add(account.Accounted == account.Total
            ? new Paragraph($"This report accounts for all {Show.Count(account.Total)} entries of the log.", "ontime", "accounted", Attributes: counts)
            : new Paragraph($"This report accounts for {Show.Count(account.Accounted)} of the log's {Show.Count(account.Total)} entries: the rest are missing from it.", "late", "accounted", Attributes: counts));
    }
}
