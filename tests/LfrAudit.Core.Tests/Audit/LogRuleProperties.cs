using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Audit.Vocabulary.Rules;
using LfrAudit.Testing;

namespace LfrAudit.Core.Tests.Audit;

/// <summary>
/// Each rule a genuine log keeps, held by a property: a genuine generated log (<see cref="AuditLogGen"/>) given one random
/// change of the kind the rule forbids — an edited field, or an entry added where the product could not have written it
/// — no longer verifies, and the first problem names exactly the changed entry (the entries before it are untouched and
/// genuine). The genuine logs themselves verify (<see cref="VocabularyTests"/>).
/// </summary>
public class LogRuleProperties
{
    /// <summary>A genuine log changed at one entry: the entry verification must name.</summary>
    public sealed record Mutated(IReadOnlyList<AuditEntry> Log, long Seq, string Type, string Change)
    {
        public override string ToString() => $"{Change} at entry {Seq} ({Type}) of a log of {Log.Count}";
    }

    private static readonly DateTimeOffset[] ImpossibleTimes =
        [DateTimeOffset.MinValue, DateTimeOffset.UnixEpoch, new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)];

    // The fields holding when a step happened, read from the clock that dates its entry.
    private static readonly string[] NowFields = ["at", "published_at", "started_at", "ended_at", "cancelled_at", "closed_at"];

    private static void Holds(Gen<Mutated> mutations) =>
        Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            var reading = LogContents.Read(m.Log);
            return (reading.FirstBadEntry == m.Seq && reading.Problems.Count > 0
                    && reading.Problems[0].StartsWith($"entry {m.Seq} ({m.Type}): ", StringComparison.Ordinal))
                .Label($"{m}: {(reading.Ok ? "verified" : string.Join("; ", reading.Problems))}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));

    [Fact] public void A_value_outside_the_products_vocabulary_is_named() => Holds(Mutations(Values));
    [Fact] public void A_time_the_product_could_not_have_recorded_is_named() => Holds(Mutations(Times));
    [Fact] public void A_user_added_twice_or_under_a_name_the_product_refuses_is_named() => Holds(Mutations(UsersAdded));
    [Fact] public void A_change_by_an_unregistered_empty_or_wrong_role_user_is_named() => Holds(Mutations(Actors));
    [Fact] public void A_successful_sign_in_of_an_unregistered_or_scripted_user_is_named() => Holds(Mutations(SignIns));
    [Fact] public void A_deployment_step_out_of_its_life_is_named() => Holds(Mutations(DeploymentSteps));
    [Fact] public void A_notice_whose_deadline_or_on_time_is_not_the_rules_is_named() => Holds(Mutations(Notices));
    [Fact] public void A_run_record_outside_its_run_or_for_an_unplanned_deployment_is_named() => Holds(Mutations(Runs));
    [Fact] public void A_run_of_a_deployment_not_live_or_past_its_planned_end_is_named() => Holds(Mutations(RunsOutsideLive));
    [Fact] public void An_urgent_override_on_a_start_that_needed_none_is_named() => Holds(Mutations(NeedlessOverrides));
    [Fact] public void An_alert_raised_decided_or_engaged_as_the_product_never_does_is_named() => Holds(Mutations(Alerts));
    [Fact] public void A_score_below_its_threshold_or_a_threshold_not_its_runs_is_named() => Holds(Mutations(Scores));
    [Fact] public void A_purge_of_more_evidence_than_the_log_holds_or_twice_is_named() => Holds(Mutations(Purges));
    [Fact] public void An_assignment_of_no_operator_to_no_deployment_twice_or_after_cancellation_is_named() => Holds(Mutations(Assignments));
    [Fact] public void A_decision_outcome_or_view_by_an_operator_not_assigned_to_the_alerts_deployment_is_named() => Holds(Mutations(Scopes));
    [Fact] public void Evidence_shown_to_anyone_but_an_operator_or_once_it_is_gone_is_named() => Holds(Mutations(Evidence));
    [Fact] public void A_user_disabled_twice_enabled_while_active_or_changed_after_removal_is_named() => Holds(Mutations(UserChanges));
    [Fact] public void An_act_or_sign_in_by_a_user_disabled_or_removed_at_that_point_is_named() => Holds(Mutations(InactiveActors));
    [Fact] public void A_change_to_a_user_the_log_never_registered_is_named() => Holds(Mutations(UnregisteredChanges));
    [Fact] public void A_new_password_for_a_scripted_user_is_named() => Holds(Mutations(ScriptedPasswords));
    [Fact] public void An_api_key_issued_twice_to_an_operator_or_revoked_before_issue_or_twice_is_named() => Holds(Mutations(ApiKeys));

    [Fact]
    public void A_forged_value_is_shown_escaped_and_cut_short_in_one_line()
    {
        // Whatever a forged name holds (control characters, escapes, any length), each problem is one short line of plain text:
        // a value is cut to 64 characters, each at most 6 once escaped.
        var forged = ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)
            .Select(s => s + "\u001b[2J\r\nentry 0 (ok): fine" + new string('x', 500));
        var mutations = AuditLogGen.Logs.SelectMany(entries =>
        {
            var log = new Log(entries);
            return OneOf(log.Where<UserAdded>(), i => forged.Select(v => (Mutated?)log.Edit(i, "a forged name", d => d["user"] = v)));
        }).Where(m => m is not null).Select(m => m!);
        Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            var problems = LogContents.Read(m.Log).Problems;
            return (problems.Count > 0 && problems.All(p => !SafeText.HasControlCharacters(p) && p.Length < 600))
                .Label(string.Join(" | ", problems));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    /// <summary>A genuine log and one mutation of it; logs the mutation finds nothing to change in are generated again.</summary>
    private static Gen<Mutated> Mutations(Func<Log, Gen<Mutated?>> mutate) =>
        AuditLogGen.Logs.SelectMany(entries => mutate(new Log(entries))).Where(m => m is not null).Select(m => m!);

    /// <summary>A log with its entries read, to find what to change.</summary>
    private sealed class Log(IReadOnlyList<AuditEntry> entries)
    {
        public IReadOnlyList<AuditEntry> Entries { get; } = entries;
        public IReadOnlyList<IAuditEvent?> Events { get; } = LogContents.Read(entries).Entries.Select(r => r.Event).ToList();

        public List<int> Where<T>(Func<T, int, bool>? also = null) where T : IAuditEvent =>
            Enumerable.Range(0, Entries.Count).Where(i => Events[i] is T e && (also?.Invoke(e, i) ?? true)).ToList();

        public bool UsersBefore(int i) => Events.Take(i).Any(e => e is UserAdded);

        public int? IndexOf(Func<IAuditEvent, bool> which) => Enumerable.Range(0, Entries.Count).FirstOrDefault(i => Events[i] is { } e && which(e), -1) is var k and >= 0 ? k : null;

        /// <summary>Entry <paramref name="i"/> with its data edited.</summary>
        public Mutated Edit(int i, string change, Action<JsonObject> edit, DateTimeOffset? at = null)
        {
            var e = Entries[i];
            var data = e.Data.DeepClone().AsObject();
            edit(data);
            var log = Entries.ToList();
            log[i] = e with { Data = data, At = at ?? e.At };
            return new Mutated(log, e.Seq, e.Type, change);
        }

        /// <summary>An entry added at position <paramref name="i"/>, logged when the entry before it was, its own times read then too.</summary>
        public Mutated Insert(int i, IAuditEvent e, string change) => Insert(i, e.Type, e.ToData(), change);

        public Mutated Insert(int i, string type, JsonObject data, string change)
        {
            var at = i == 0 ? Entries[0].At : Entries[i - 1].At;
            data = data.DeepClone().AsObject();
            foreach (var f in NowFields) if (data.ContainsKey(f)) data[f] = EventJson.Time(at);
            var log = Entries.Take(i).ToList();
            log.Add(new AuditEntry(i, at, type, data, AuditEntry.GenesisPrev));
            log.AddRange(Entries.Skip(i).Select(x => x with { Seq = x.Seq + 1 }));
            return new Mutated(log, i, type, change);
        }

        /// <summary>A copy of entry <paramref name="i"/> added somewhere after it.</summary>
        public Gen<Mutated?> Again(int i, string change) =>
            Gen.Choose(i + 1, Entries.Count).Select(at => (Mutated?)Insert(at, Entries[i].Type, Entries[i].Data, change));
    }

    private static Gen<Mutated?> None => Gen.Constant<Mutated?>(null);

    private static Gen<Mutated?> Any(params Gen<Mutated?>[] gens) => Gen.OneOf(gens);

    private static Gen<Mutated?> OneOf(List<int> targets, Func<int, Gen<Mutated?>> mutate) =>
        targets.Count == 0 ? None : Gen.Elements(targets.ToArray()).SelectMany(mutate);

    private static Gen<string> NotOneOf(IReadOnlyList<string> values) =>
        Gen.OneOf(Gen.Elements("banana", "", " ", "Confirm", "confirm ", "ARRESTED", "admin", "rejected", "never\nadjudicated"),
                ArbMap.Default.GeneratorFor<string>().Where(s => s is not null))
            .Where(v => !values.Contains(v, StringComparer.Ordinal));

    private static Gen<Mutated?> Values(Log log) => Any(
        OneOf(log.Where<AlertAdjudicated>(), i => NotOneOf(LogValues.Decisions).Select(v => (Mutated?)log.Edit(i, $"decision '{v}'", d => d["decision"] = v))),
        OneOf(log.Where<EngagementRecorded>(), i => NotOneOf(LogValues.EngagementOutcomes).Select(v => (Mutated?)log.Edit(i, $"outcome '{v}'", d => d["outcome"] = v))),
        OneOf(log.Where<UserAdded>(), i => NotOneOf(LogValues.RoleNames).Select(v => (Mutated?)log.Edit(i, $"role '{v}'", d => d["role"] = v))),
        OneOf(log.Where<EvidencePurged>(), i => NotOneOf(LogValues.PurgeReasons).Select(v => (Mutated?)log.Edit(i, $"reason '{v}'", d => d["reason"] = v))),
        OneOf(log.Where<EvidenceViewed>(), i => NotOneOf(LogValues.EvidenceKinds).Select(v => (Mutated?)log.Edit(i, $"evidence '{v}'", d => d["evidence"] = v))));

    private static Gen<Mutated?> Times(Log log)
    {
        var steps = Enumerable.Range(0, log.Entries.Count).Where(i => NowFields.Any(log.Entries[i].Data.ContainsKey) && log.Events[i] is not null).ToList();
        var frames = Enumerable.Range(0, log.Entries.Count).Where(i => log.Events[i] is AlertRaised or FacesCounted or AlertSighted).ToList();
        var plans = log.Where<DeploymentPlanned>();
        Gen<DateTimeOffset> Far(DateTimeOffset at) => Gen.OneOf(Gen.Elements(ImpossibleTimes),
            Gen.Elements(6.0, 60, 60 * 24, 60 * 24 * 400, -6, -60, -60 * 24 * 30).Select(m => at.AddMinutes(m)));
        return Any(
            OneOf(steps, i => Far(log.Entries[i].At).Select(t =>
            {
                var field = NowFields.First(log.Entries[i].Data.ContainsKey);
                return (Mutated?)log.Edit(i, $"'{field}' {EventJson.Time(t)}", d => d[field] = EventJson.Time(t));
            })),
            OneOf(frames, i => Gen.Elements(ImpossibleTimes).Select(t =>
            {
                var field = new[] { "captured_at", "minute", "last_seen_at" }.First(log.Entries[i].Data.ContainsKey);
                return (Mutated?)log.Edit(i, $"'{field}' {EventJson.Time(t)}", d => d[field] = EventJson.Time(t));
            })),
            OneOf(plans, i => Gen.Elements(ImpossibleTimes).Select(t => (Mutated?)log.Edit(i, $"'planned_start' {EventJson.Time(t)}", d => d["planned_start"] = EventJson.Time(t)))),
            // Drawn among the readable entries only: a filter on the same log never met would search for ever.
            log.Events.All(e => e is null) ? None
                : Gen.Elements(Enumerable.Range(0, log.Entries.Count).Where(i => log.Events[i] is not null).ToArray()).SelectMany(i =>
                    Gen.Elements(ImpossibleTimes.Skip(1).ToArray()).Select(t => (Mutated?)log.Edit(i, $"logged at {EventJson.Time(t)}", _ => { }, t))));
    }

    private static Gen<Mutated?> UsersAdded(Log log) => Any(
        OneOf(log.Where<UserAdded>(), i => log.Again(i, "the same user added again")),
        OneOf(log.Where<UserAdded>(), i => Gen.Elements("a", "", "has space", "semi;colon", new string('x', 65), "ünï").Select(v =>
            (Mutated?)log.Edit(i, $"user '{v}'", d => d["user"] = v))));

    private static readonly Dictionary<Type, string> RightRole = new()
    {
        [typeof(AlertAdjudicated)] = AuditLogGen.Operator, [typeof(EngagementRecorded)] = AuditLogGen.Operator,
    };

    private static Gen<Mutated?> Actors(Log log)
    {
        var acts = Enumerable.Range(0, log.Entries.Count).Where(i => log.Events[i] is AlertAdjudicated or EngagementRecorded or DeploymentPlanned or NoticePublished
            or DeploymentStarted or DeploymentEnded or DeploymentCancelled or OutcomePublished or ThresholdChanged or OperatorAssigned or OperatorUnassigned
            or IUserChange && log.Entries[i].Data.ContainsKey("by")).ToList();
        return OneOf(acts, i =>
        {
            var wrongRole = RightRole.ContainsKey(log.Events[i]!.GetType()) ? AuditLogGen.Supervisor : AuditLogGen.Operator;
            var names = log.UsersBefore(i) ? new[] { "", " ", "intruder", "SUP.ONE", wrongRole } : ["", "  "];
            return Gen.Elements(names).Select(v => (Mutated?)log.Edit(i, $"by '{v}'", d => d["by"] = v));
        });
    }

    private static Gen<Mutated?> SignIns(Log log)
    {
        var afterUsers = (log.IndexOf(e => e is UserAdded) ?? log.Entries.Count) + 1;
        if (afterUsers > log.Entries.Count) return None;
        var scripted = log.Events.Any(e => e is UserAdded u && UserAdded.IsScripted(u.Via));
        var names = scripted ? new[] { "intruder", "Op.One", AuditLogGen.ScriptedOperator } : ["intruder", "Op.One"];
        return Gen.Choose(afterUsers, log.Entries.Count).SelectMany(at => Gen.Elements(names).Select(n =>
            (Mutated?)log.Insert(at, new SignInRecorded(true, n, "10.0.0.9", default), $"'{n}' signed in")));
    }

    private static Gen<Mutated?> DeploymentSteps(Log log)
    {
        var steps = Enumerable.Range(0, log.Entries.Count).Where(i => log.Events[i] is { } e && Governance.Audit.Vocabulary.DeploymentSteps.StepOf(e) is not null).ToList();
        var once = log.Where<IAuditEvent>((e, _) => e is DeploymentPlanned or NoticePublished or DeploymentStarted or DeploymentEnded or OutcomePublished or DeploymentCancelled);
        var ends = log.Where<DeploymentEnded>();
        return Any(
            OneOf(once, i => log.Again(i, "the same step again")),
            OneOf(steps, i => Gen.Constant((Mutated?)log.Edit(i, "a deployment never planned", d => d["deployment"] = "DEP-nowhere"))),
            OneOf(log.Where<DeploymentPlanned>(), i => Gen.Choose(0, 100).Select(h => (Mutated?)log.Edit(i, $"planned end {h} hours before the start",
                d => d["planned_end"] = EventJson.Time(((DeploymentPlanned)log.Events[i]!).PlannedStart.AddHours(-h))))),
            // An end moved to before the deployment went live.
            OneOf(ends, i =>
            {
                var id = ((DeploymentEnded)log.Events[i]!).Deployment;
                var planned = log.IndexOf(e => e is DeploymentPlanned p && p.Deployment == id)!.Value;
                var started = log.IndexOf(e => e is DeploymentStarted s && s.Deployment == id)!.Value;
                return Gen.Choose(planned + 1, started).Select(at => (Mutated?)log.Insert(at, log.Entries[i].Type, log.Entries[i].Data, "ended before it started"));
            }));
    }

    private static Gen<Mutated?> Notices(Log log) => OneOf(log.Where<NoticePublished>(), i => Gen.Elements(true, false).Select(flip => flip
        ? (Mutated?)log.Edit(i, "'on_time' flipped", d => d["on_time"] = !((NoticePublished)log.Events[i]!).OnTime)
        : log.Edit(i, "'deadline' a day later", d => d["deadline"] = EventJson.Time(((NoticePublished)log.Events[i]!).Deadline.AddDays(1)))));

    private static Gen<Mutated?> Runs(Log log)
    {
        var records = log.Where<IAuditEvent>((e, _) => e is FacesCounted or AlertRaised or ThresholdApplied);
        // A record of a run moved past the run's end.
        var closedRecords = records.Where(i => ClosedAt(log, RunOf(log.Events[i]!)) is not null).ToList();
        return Any(
            OneOf(log.Where<RunStarted>((s, _) => s.Deployment is not null), i => Gen.Constant((Mutated?)log.Edit(i, "a deployment never planned", d => d["deployment"] = "DEP-nowhere"))),
            OneOf(log.Where<RunStarted>(), i => log.Again(i, "the run started again")),
            OneOf(records, i => Gen.Constant((Mutated?)log.Edit(i, "a run never started", d => d["run"] = "run-never"))),
            OneOf(closedRecords, i =>
            {
                var closed = ClosedAt(log, RunOf(log.Events[i]!))!.Value;
                return Gen.Choose(closed + 1, log.Entries.Count).Select(at =>
                {
                    var data = log.Entries[i].Data.DeepClone().AsObject();
                    if (data.ContainsKey("alert")) data["alert"] = 999_999_999;
                    return (Mutated?)log.Insert(at, log.Entries[i].Type, data, "a record after its run closed");
                });
            }));
    }

    // A run started for a deployment at a point of the log where it is not live: before it started, or once it ended or was cancelled.
    private static Gen<Mutated?> RunsOutsideLive(Log log)
    {
        var runs = log.Where<RunStarted>();
        if (runs.Count == 0) return None;
        var places = new List<(int At, string Deployment)>();
        foreach (var p in log.Where<DeploymentPlanned>())
        {
            var id = ((DeploymentPlanned)log.Events[p]!).Deployment;
            int? Step<T>() where T : IAuditEvent => log.IndexOf(e => e is T && Governance.Audit.Vocabulary.DeploymentSteps.StepOf(e) == id);
            var started = Step<DeploymentStarted>();
            var closed = Step<DeploymentEnded>() ?? Step<DeploymentCancelled>();
            for (var at = p + 1; at <= log.Entries.Count; at++)
                if (started is not { } s || at <= s || closed is { } c && at > c) places.Add((at, id));
        }
        var notLive = places.Count == 0 ? None
            : from place in Gen.Elements(places.ToArray())
              from r in Gen.Elements(runs.ToArray())
              select (Mutated?)log.Insert(place.At, (RunStarted)log.Events[r]! with { Run = $"run-not-live-{place.At}", Deployment = place.Deployment },
                  $"a run of {place.Deployment} while it was not live");
        // A deployment's run logged once its planned end had come (the entries after it are left as they were).
        var pastEnd = OneOf(log.Where<RunStarted>((s, _) => s.Deployment is not null), i => Gen.Choose(0, 600).Select(m =>
        {
            var end = log.Events.OfType<DeploymentPlanned>().First(p => p.Deployment == ((RunStarted)log.Events[i]!).Deployment).PlannedEnd;
            return (Mutated?)log.Edit(i, $"started {m} minutes past the planned end", _ => { }, end.AddMinutes(m));
        }));
        return Any(notLive, pastEnd);
    }

    // A start that needed an urgent override (it went live early) moved into the window its timely notice advertised, override and all.
    private static Gen<Mutated?> NeedlessOverrides(Log log) =>
        OneOf(log.Where<DeploymentStarted>((s, i) => s.UrgentOverride is not null && log.Events.Take(i).Any(e => e is NoticePublished n && n.Deployment == s.Deployment && n.OnTime)), i =>
        {
            var s = (DeploymentStarted)log.Events[i]!;
            var plan = log.Events.OfType<DeploymentPlanned>().First(p => p.Deployment == s.Deployment);
            return Gen.Choose(0, (int)(plan.PlannedEnd - plan.PlannedStart).TotalMinutes - 1).Select(m =>
            {
                var at = plan.PlannedStart.AddMinutes(m);
                return (Mutated?)log.Edit(i, $"started {m} minutes into its window, under an override", d =>
                {
                    d["started_at"] = EventJson.Time(at);
                    d["urgent_override"]!["at"] = EventJson.Time(at);
                }, at);
            });
        });

    private static Gen<Mutated?> Assignments(Log log)
    {
        var assigned = log.Where<OperatorAssigned>();
        var changes = log.Where<IAuditEvent>((e, _) => e is OperatorAssigned or OperatorUnassigned);
        var cancelled = log.Where<DeploymentCancelled>();
        // Until the same operator is taken off the same deployment, an assignment cannot be made again.
        int Until(int i) => log.Events[i] is OperatorAssigned a
            ? Enumerable.Range(i + 1, log.Entries.Count - i - 1).FirstOrDefault(k => log.Events[k] is OperatorUnassigned u && u.Deployment == a.Deployment && u.Operator == a.Operator, log.Entries.Count)
            : log.Entries.Count;
        return Any(
            OneOf(assigned, i => Gen.Choose(i + 1, Until(i)).Select(at => (Mutated?)log.Insert(at, log.Entries[i].Type, log.Entries[i].Data, "assigned again while assigned"))),
            OneOf(assigned, i => Gen.Elements(log.UsersBefore(i) ? new[] { "", "intruder", AuditLogGen.Supervisor } : [""]).Select(v =>
                (Mutated?)log.Edit(i, $"operator '{v}'", d => d["operator"] = v))),
            OneOf(changes, i => Gen.Constant((Mutated?)log.Edit(i, "a deployment never planned", d => d["deployment"] = "DEP-nowhere"))),
            // An operator no entry assigned, taken off a planned deployment.
            OneOf(log.Where<DeploymentPlanned>(), i => Gen.Choose(i + 1, log.Entries.Count).Select(at => (Mutated?)log.Insert(at,
                new OperatorUnassigned(((DeploymentPlanned)log.Events[i]!).Deployment, AuditLogGen.SecondOperator, AuditLogGen.Supervisor, default), "taken off, never assigned"))),
            OneOf(cancelled, i => Gen.Choose(i + 1, log.Entries.Count).Select(at => (Mutated?)log.Insert(at,
                new OperatorAssigned(((DeploymentCancelled)log.Events[i]!).Deployment, AuditLogGen.Operator, AuditLogGen.Supervisor, default), "assigned to a cancelled deployment"))));
    }

    /// <summary>The deployment of the alert an entry decides, engages or shows; null for an alert outside any deployment.</summary>
    private static string? DeploymentOfAlert(Log log, long alert) =>
        log.Events.OfType<AlertRaised>().FirstOrDefault(a => a.Alert == alert) is { } raised
            ? log.Events.OfType<RunStarted>().FirstOrDefault(r => r.Run == raised.Run)?.Deployment : null;

    private static Gen<Mutated?> Scopes(Log log)
    {
        var acts = Enumerable.Range(0, log.Entries.Count).Where(i => log.Events[i] switch
        {
            AlertAdjudicated d => DeploymentOfAlert(log, d.Alert) is not null,
            EngagementRecorded o => DeploymentOfAlert(log, o.Alert) is not null,
            EvidenceViewed v => DeploymentOfAlert(log, v.Alert) is not null,
            _ => false,
        }).ToList();
        long AlertOf(int i) => log.Events[i] switch { AlertAdjudicated d => d.Alert, EngagementRecorded o => o.Alert, EvidenceViewed v => v.Alert, _ => 0 };
        return Any(
            // A registered operator, but not the one assigned.
            OneOf(acts, i => Gen.Constant((Mutated?)log.Edit(i, $"by '{AuditLogGen.SecondOperator}'", d => d["by"] = AuditLogGen.SecondOperator))),
            // The operator taken off just before: the taking off is genuine, the act after it is not.
            OneOf(acts, i =>
            {
                var m = log.Insert(i, new OperatorUnassigned(DeploymentOfAlert(log, AlertOf(i))!, AuditLogGen.Operator, AuditLogGen.Supervisor, default), "taken off just before");
                return Gen.Constant((Mutated?)(m with { Seq = i + 1, Type = log.Entries[i].Type }));
            }));
    }

    private static Gen<Mutated?> Evidence(Log log)
    {
        var views = log.Where<EvidenceViewed>();
        var rejections = log.Where<AlertAdjudicated>((d, _) => d.Decision == "reject");
        return Any(
            OneOf(views, i => Gen.Elements(log.UsersBefore(i) ? new[] { "", " ", "intruder", AuditLogGen.Supervisor } : ["", " "]).Select(v =>
                (Mutated?)log.Edit(i, $"shown to '{v}'", d => d["by"] = v))),
            OneOf(views, i => Gen.Constant((Mutated?)log.Edit(i, "an alert never raised", d => d["alert"] = 999_999_999))),
            OneOf(rejections, i => Gen.Choose(i + 1, log.Entries.Count).Select(at => (Mutated?)log.Insert(at,
                new EvidenceViewed(((AlertAdjudicated)log.Events[i]!).Alert, EvidenceViewed.Probe, AuditLogGen.Operator, default), "shown after its rejection deleted it"))),
            OneOf(log.Where<AlertRaised>(), i => Gen.Choose(0, i).Select(at => (Mutated?)log.Insert(at,
                new EvidenceViewed(((AlertRaised)log.Events[i]!).Alert, EvidenceViewed.Reference, AuditLogGen.Operator, default), "shown before the alert was raised"))));
    }

    /// <summary>The user an entry changes, while it is a user.* change; null otherwise.</summary>
    private static IUserChange? ChangeAt(Log log, int i) => log.Events[i] as IUserChange;

    private static Gen<Mutated?> UserChanges(Log log)
    {
        var removals = log.Where<UserRemoved>();
        // The log's operator is never disabled: enabling them is enabling a user who is active.
        var operatorAdded = log.IndexOf(e => e is UserAdded { User: AuditLogGen.Operator });
        IAuditEvent AnyChangeOf(string user, int kind) => kind switch
        {
            0 => new UserDisabled(user, AuditLogGen.Supervisor, default, "lfr"),
            1 => new UserEnabled(user, AuditLogGen.Supervisor, default, "lfr"),
            2 => new UserRemoved(user, AuditLogGen.Supervisor, default, "lfr"),
            _ => new PasswordChanged(user, AuditLogGen.Supervisor, default, "lfr"),
        };
        return Any(
            // Straight after itself: disabled while disabled, removed while removed, enabled while active.
            OneOf(log.Where<IAuditEvent>((e, _) => e is UserDisabled or UserEnabled or UserRemoved), i => Gen.Constant((Mutated?)log.Insert(i + 1, log.Entries[i].Type, log.Entries[i].Data, "the same change again at once"))),
            operatorAdded is not { } added ? None : Gen.Choose(added + 1, log.Entries.Count).Select(at => (Mutated?)log.Insert(at,
                new UserEnabled(AuditLogGen.Operator, AuditLogGen.Supervisor, default, "lfr"), "an active user enabled")),
            OneOf(removals, i => from at in Gen.Choose(i + 1, log.Entries.Count)
                                 from kind in Gen.Choose(0, 3)
                                 select (Mutated?)log.Insert(at, AnyChangeOf(((UserRemoved)log.Events[i]!).User, kind), "a change after removal")));
    }

    /// <summary>Who acts in an entry, for the entries a registered user must make while active: a step's 'by', a view's operator, a sign-in's user.</summary>
    private static string? ActorOf(Log log, int i) => log.Events[i] switch
    {
        SignInRecorded { Succeeded: true } s => s.User,
        UserAdded u when !UserAdded.IsScripted(u.Via) => u.By,
        AlertAdjudicated or EngagementRecorded or DeploymentPlanned or NoticePublished or DeploymentStarted or DeploymentEnded or DeploymentCancelled
            or OutcomePublished or ThresholdChanged or OperatorAssigned or OperatorUnassigned or EvidenceViewed or IUserChange
            when log.Entries[i].Data["by"]?.GetValue<string>() is { } by => by,
        _ => null,
    };

    private static Gen<Mutated?> InactiveActors(Log log)
    {
        // Acts by a registered user (the log's own supervisor, operator, or a managed user signing in) once users exist.
        var registered = new HashSet<string>(StringComparer.Ordinal);
        var acts = new List<int>();
        for (int i = 0; i < log.Entries.Count; i++)
        {
            if (ActorOf(log, i) is { } who && registered.Contains(who)) acts.Add(i);
            if (log.Events[i] is UserAdded u) registered.Add(u.User);
        }
        // Disabled or removed by the supervisor just before: that change is genuine, the act after it is not.
        return OneOf(acts, i => Gen.Elements(0, 1).Select(kind =>
        {
            var who = ActorOf(log, i)!;
            IAuditEvent change = kind == 0 ? new UserDisabled(who, AuditLogGen.Supervisor, default, "lfr") : new UserRemoved(who, AuditLogGen.Supervisor, default, "lfr");
            var m = log.Insert(i, change, kind == 0 ? "its actor disabled just before" : "its actor removed just before");
            return (Mutated?)(m with { Seq = i + 1, Type = log.Entries[i].Type });
        }));
    }

    private static Gen<Mutated?> UnregisteredChanges(Log log) =>
        OneOf(Enumerable.Range(0, log.Entries.Count).Where(i => ChangeAt(log, i) is not null).ToList(), i =>
            Gen.Elements("intruder", "", " ", "STAFF-1", ChangeAt(log, i)!.User.ToUpperInvariant()).Select(v => (Mutated?)log.Edit(i, $"user '{v}'", d => d["user"] = v)));

    private static Gen<Mutated?> ApiKeys(Log log) => Any(
        OneOf(log.Where<ApiKeyIssued>(), i => log.Again(i, "the key issued again")),
        OneOf(log.Where<ApiKeyRevoked>(), i => log.Again(i, "the key revoked again")),
        OneOf(log.Where<ApiKeyIssued>(), i => Gen.Elements("operator", "admin", "Supervisor").Select(v => (Mutated?)log.Edit(i, $"role '{v}'", d => d["role"] = v))),
        OneOf(log.Where<ApiKeyIssued>(), i => Gen.Elements("k123", "K0123456789abcdef", "k0123456789ABCDEF", "").Select(v => (Mutated?)log.Edit(i, $"key '{v}'", d => d["key"] = v))),
        OneOf(log.Where<ApiKeyIssued>(), i => Gen.Elements("a", "two words", "x\u001b").Select(v => (Mutated?)log.Edit(i, $"client '{v}'", d => d["client"] = v))),
        OneOf(log.Where<ApiKeyRevoked>(), i =>
        {
            var key = ((ApiKeyRevoked)log.Events[i]!).Key;
            var issued = log.IndexOf(e => e is ApiKeyIssued k && k.Key == key)!.Value;
            return Gen.Choose(0, issued).Select(at => (Mutated?)log.Insert(at, log.Entries[i].Type, log.Entries[i].Data, "revoked before it was issued"));
        }));

    private static Gen<Mutated?> ScriptedPasswords(Log log)
    {
        var added = log.IndexOf(e => e is UserAdded u && UserAdded.IsScripted(u.Via));
        return added is not { } at ? None : Gen.Choose(at + 1, log.Entries.Count).Select(i => (Mutated?)log.Insert(i,
            new PasswordChanged(AuditLogGen.ScriptedOperator, AuditLogGen.Supervisor, default, "lfr"), "a new password for a scripted user"));
    }

    private static string RunOf(IAuditEvent e) => e switch { FacesCounted f => f.Run, AlertRaised a => a.Run, ThresholdApplied t => t.Run, _ => "" };

    private static int? ClosedAt(Log log, string run) => log.IndexOf(e => e is RunEnded x && x.Run == run || e is RunInterrupted y && y.Run == run);

    private static Gen<Mutated?> Alerts(Log log) => Any(
        OneOf(log.Where<AlertRaised>(), i => log.Again(i, "the alert raised again")),
        OneOf(log.Where<AlertAdjudicated>(), i => log.Again(i, "the decision made again")),
        OneOf(log.Where<EngagementRecorded>(), i => log.Again(i, "a second outcome")),
        OneOf(log.Where<AlertAdjudicated>((d, _) => d.Decision != "confirm"), i => Gen.Choose(i + 1, log.Entries.Count).Select(at =>
            (Mutated?)log.Insert(at, new EngagementRecorded(((AlertAdjudicated)log.Events[i]!).Alert, "arrested", AuditLogGen.Operator, default), "an outcome for an alert not confirmed"))),
        OneOf(log.Where<AlertRaised>(), i => Gen.Choose(0, i).Select(at =>
            (Mutated?)log.Insert(at, new AlertAdjudicated(((AlertRaised)log.Events[i]!).Alert, "confirm", AuditLogGen.Operator, default), "a decision before the alert"))));

    private static Gen<Mutated?> Scores(Log log) => OneOf(log.Where<AlertRaised>(), i =>
    {
        var a = (AlertRaised)log.Events[i]!;
        return Gen.OneOf(
            Gen.Elements("-0.5", "-1", "0", "NaN", "0.599999").Select(s => (Mutated?)log.Edit(i, $"score {s}", d => d["score"] = s)),
            Gen.Elements("0.5", "0.65", "0.7").Select(s => (Mutated?)log.Edit(i, $"threshold {s}", d => d["threshold"] = s)));
    });

    private static Gen<Mutated?> Purges(Log log) => Any(
        OneOf(log.Where<EvidencePurged>(), i =>
        {
            var raised = log.Events.Take(i).Count(e => e is AlertRaised);
            return Gen.Choose(1, 1000).Select(more => (Mutated?)log.Edit(i, $"{raised + more} alerts purged", d => d["alerts"] = raised + more));
        }),
        OneOf(log.Where<EvidencePurged>((_, i) => log.Events.Take(i).Any(e => e is EvidencePurged)), i =>
            Gen.Elements(log.Events.Take(i).OfType<EvidencePurged>().Select(p => p.Purge).ToArray()).Select(id =>
                (Mutated?)log.Edit(i, $"purge id {id} again", d => d["purge"] = id))));
}
