using System.Globalization;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit.Records;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Storage.Relational;
using LfrAudit.Storage.Sqlite;

namespace LfrAudit.Storage.Postgres;

/// <summary>
/// Before a site's SQLite store is moved into the central store, every row that carries authority or a finding — a user and
/// their standing (disabled, removed, a new password), a deployment and its threshold changes, an operator assigned to it,
/// a frozen document, a run, an alert, a decision, an officer's outcome, a purge — must be the one its (verified) audit log records, and everything the log records must be there. The file is only a
/// file: a row inserted or edited beside a genuine log (a supervisor account no one added, a confirm turned into a
/// reject) would otherwise become the force's record and be acted on.
/// </summary>
internal static class ImportCrossCheck
{
    private const int Shown = 5;


    public static IReadOnlyList<string> Unexplained(SqliteDatabase source, LoggedRecords log)
    {
        var problems = new List<string>();
        Users(source, log, problems);
        Deployments(source, log, problems);
        Assignments(source, log, problems);
        Documents(source, log, problems);
        Runs(source, log, problems);
        Alerts(source, log, problems);
        Decisions(source, log, problems);
        Purges(source, log, problems);
        return problems;
    }

    private static void Users(SqliteDatabase source, LoggedRecords log, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in Rows(source, "SELECT name, role, password_hash, created_by, disabled_at, removed_at, password_changed_at FROM users"))
        {
            string name = Text(u[0]), role = Text(u[1]), hash = Text(u[2]), by = Text(u[3]);
            seen.Add(name);
            if (!log.Users.TryGetValue(name, out var added))
                problems.Add($"user '{Show(name)}' ({Show(role)}) has no user.added entry in the log");
            else if (added.Role != role || added.By != by)
                problems.Add($"user '{Show(name)}' is a {Show(role)} added by '{Show(by)}' in the file, a {Show(added.Role)} added by '{Show(added.By)}' in the log");
            else if (UserAdded.IsScripted(added.Via) && hash != UserAccount.NoPassword)
                problems.Add($"user '{Show(name)}' was added as a scripted user that cannot sign in, yet the file gives it a password");
            // A user the log disabled or removed, active again in the file, would sign in and act as no supervisor allowed.
            else if (Standing(u[4], u[5], u[6]) is var inFile && inFile != log.StandingOf(name))
                problems.Add($"user '{Show(name)}' is {Describe(inFile)} in the file, {Describe(log.StandingOf(name))} in the log");
        }
        foreach (var name in log.Users.Keys.Where(n => !seen.Contains(n)))
            problems.Add($"user '{Show(name)}', added in the log, is missing from the file");
    }

    private static LoggedStanding Standing(object? disabled, object? removed, object? passwordChanged) =>
        new(OptionalTime(disabled), OptionalTime(removed), OptionalTime(passwordChanged));

    // A time the product never writes (not a time at all) stands as one no log holds, so it is reported, not thrown.
    private static DateTimeOffset? OptionalTime(object? value) =>
        value is null or DBNull ? null
        : DateTimeOffset.TryParse(Text(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t
        : DateTimeOffset.MinValue;

    private static string Describe(LoggedStanding s) =>
        (s.RemovedAt is { } removed ? $"removed at {Codec.Time(removed)}" : s.DisabledAt is { } disabled ? $"disabled at {Codec.Time(disabled)}" : "active")
        + (s.PasswordChangedAt is { } changed ? $", its password changed at {Codec.Time(changed)}" : ", its password as added");

    private static void Deployments(SqliteDatabase source, LoggedRecords log, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in Rows(source, "SELECT deployment_id, state, cancel_reason, threshold, planned_start, planned_end FROM deployments"))
        {
            string id = Text(d[0]), state = Text(d[1]);
            seen.Add(id);
            if (!log.Deployments.TryGetValue(id, out var planned)) { problems.Add($"deployment '{Show(id)}' has no deployment.planned entry in the log"); continue; }
            if (Codec.Time(Text(d[4])) != planned.PlannedStart || Codec.Time(Text(d[5])) != planned.PlannedEnd)
                problems.Add($"deployment '{Show(id)}': its planned times differ from the log's");
            bool cancelled = log.Cancellations.TryGetValue(id, out var cancel);
            if ((state == "Cancelled") != cancelled || (cancelled && Text(d[2]) != cancel!.Reason))
                problems.Add($"deployment '{Show(id)}' is {Show(state)} in the file, {(cancelled ? "cancelled" : "not cancelled")} in the log");
            var changes = log.ThresholdChanges.GetValueOrDefault(id) ?? [];
            double expected = changes.Count > 0 ? changes[^1].To : planned.Threshold;
            if (Math.Abs(Convert.ToDouble(d[3], CultureInfo.InvariantCulture) - expected) > 1e-9)
                problems.Add($"deployment '{Show(id)}': threshold {Convert.ToDouble(d[3], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)} in the file, {expected.ToString(CultureInfo.InvariantCulture)} in the log");
            var rows = Rows(source, "SELECT from_value, to_value, changed_by, reason FROM threshold_changes WHERE deployment_id = @p0 ORDER BY seq", id);
            bool same = rows.Count == changes.Count && rows.Zip(changes).All(p =>
                Math.Abs(Convert.ToDouble(p.First[0], CultureInfo.InvariantCulture) - p.Second.From) < 1e-9
                && Math.Abs(Convert.ToDouble(p.First[1], CultureInfo.InvariantCulture) - p.Second.To) < 1e-9
                && Text(p.First[2]) == p.Second.By && Text(p.First[3]) == p.Second.Reason);
            if (!same) problems.Add($"deployment '{Show(id)}': its {rows.Count} threshold change(s) in the file are not the {changes.Count} the log records");
        }
        foreach (var id in log.Deployments.Keys.Where(id => !seen.Contains(id)))
            problems.Add($"deployment '{Show(id)}', planned in the log, is missing from the file");
    }

    // An operator assigned in the file and not in the log would be shown evidence no supervisor gave them.
    private static void Assignments(SqliteDatabase source, LoggedRecords log, List<string> problems) =>
        BothWays(Rows(source, "SELECT deployment_id, user_name, assigned_by, assigned_at FROM deployment_operators").Select(a => (Text(a[0]), Text(a[1])) is var key
                && log.Assignments.TryGetValue(key, out var assigned) && assigned.By == Text(a[2]) && assigned.At == Codec.Time(Text(a[3]))
                ? (key, (string?)null)
                : (key, $"operator '{Show(key.Item2)}' assigned to deployment '{Show(key.Item1)}' is not an assignment the log records (none, another supervisor or another time, or taken off since)")),
            log.Assignments.Keys.Select(k => (k.Deployment, k.Operator)), key => $"operator '{Show(key.Item2)}', assigned to deployment '{Show(key.Item1)}' in the log, is missing from the file", problems);

    private static void Documents(SqliteDatabase source, LoggedRecords log, List<string> problems)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var d in Rows(source, "SELECT deployment_id, kind, sha256 FROM documents"))
        {
            var key = (Text(d[0]), Text(d[1]));
            seen.Add(key);
            if (!log.Documents.TryGetValue(key, out var frozen) || frozen.Sha256 != Text(d[2]))
                problems.Add($"the {Show(key.Item2)} of deployment '{Show(key.Item1)}' is not the document the log froze (SHA-256 differs or no entry)");
        }
        foreach (var key in log.Documents.Keys.Where(k => !seen.Contains(k)))
            problems.Add($"the {Show(key.Kind)} of deployment '{Show(key.Deployment)}', frozen in the log, is missing from the file");
    }

    private static void Runs(SqliteDatabase source, LoggedRecords log, List<string> problems) =>
        BothWays(Rows(source, "SELECT run_id, deployment_id, camera FROM runs").Select(r => Text(r[0]) is var id
                && log.Runs.TryGetValue(id, out var started) && started.Deployment == (r[1] as string) && started.Camera == Text(r[2])
                ? (id, (string?)null)
                : (id, $"run '{Show(id)}' is not the run the log started (no run.started entry, or another deployment or camera)")),
            log.Runs.Keys, id => $"run '{Show(id)}', started in the log, is missing from the file", problems);

    private static void Alerts(SqliteDatabase source, LoggedRecords log, List<string> problems) =>
        BothWays(Rows(source, "SELECT alert_id, run_id, candidate, category, score FROM alerts").Select(a => Id(a[0]) is var id
                && log.Alerts.TryGetValue(id, out var raised) && raised.Run == Text(a[1]) && raised.Candidate == Text(a[2]) && raised.Category == Text(a[3])
                && Math.Abs(raised.Score - Convert.ToDouble(a[4], CultureInfo.InvariantCulture)) <= 5e-5
                ? (id, (string?)null)
                : (id, $"alert {id} is not the alert the log raised (no alert.raised entry, or another run, candidate, category or score)")),
            log.Alerts.Keys, id => $"alert {id}, raised in the log, is missing from the file", problems);

    private static void Decisions(SqliteDatabase source, LoggedRecords log, List<string> problems)
    {
        BothWays(Rows(source, "SELECT alert_id, decision, decided_by FROM adjudications").Select(d =>
            {
                long id = Id(d[0]);
                if (log.Decisions.TryGetValue(id, out var logged) && logged.Decision == Text(d[1]) && logged.By == Text(d[2])) return (id, (string?)null);
                return (id, $"the decision on alert {id} ('{Show(Text(d[1]))}' by '{Show(Text(d[2]))}') is not the one the log records{(logged is null ? " (none)" : $" ('{Show(logged.Decision)}' by '{Show(logged.By)}')")}");
            }),
            log.Decisions.Keys, id => $"the decision on alert {id}, recorded in the log, is missing from the file", problems);
        BothWays(Rows(source, "SELECT alert_id, outcome, recorded_by FROM engagements").Select(e => Id(e[0]) is var id
                && log.Engagements.TryGetValue(id, out var logged) && logged.Outcome == Text(e[1]) && logged.By == Text(e[2])
                ? (id, (string?)null)
                : (id, $"the outcome of alert {id} ('{Show(Text(e[1]))}' by '{Show(Text(e[2]))}') is not the one the log records")),
            log.Engagements.Keys, id => $"the outcome of alert {id}, recorded in the log, is missing from the file", problems);
    }

    private static void Purges(SqliteDatabase source, LoggedRecords log, List<string> problems) =>
        BothWays(Rows(source, "SELECT purge_id, reason, alerts_purged FROM purges").Select(p => Id(p[0]) is var id
                && log.Purges.TryGetValue(id, out var logged) && logged.Reason == Text(p[1]) && logged.Alerts == Id(p[2])
                ? (id, (string?)null)
                : (id, $"purge {id} is not the purge the log records")),
            log.Purges.Keys, id => $"purge {id}, recorded in the log, is missing from the file", problems);

    // Each row of the file, checked against the log's record of it (a problem, or null); then each record the log holds must have been a row.
    private static void BothWays<TKey>(IEnumerable<(TKey Key, string? Problem)> rows, IEnumerable<TKey> inLog, Func<TKey, string> missing, List<string> problems)
        where TKey : notnull
    {
        var seen = new HashSet<TKey>();
        foreach (var (key, problem) in rows)
        {
            seen.Add(key);
            if (problem is not null) problems.Add(problem);
        }
        problems.AddRange(inLog.Where(k => !seen.Contains(k)).Select(missing));
    }

    private static long Id(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>The first few problems in one line, and how many there were.</summary>
    public static string Summary(IReadOnlyList<string> problems) =>
        $"{problems.Count} record(s) the site's audit log does not explain: {string.Join("; ", problems.Take(Shown))}{(problems.Count > Shown ? "; …" : "")}";

    private static string Text(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private static string Show(string text) => SafeText.Escape(text.Length > 80 ? text[..80] + "…" : text);

    private static List<object?[]> Rows(RelationalDatabase db, string sql, params object?[] args) => SiteImport.Rows(db, sql, args);
}
