using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Testing;

/// <summary>
/// Generated audit logs holding every type of event, genuine as a log the product writes is (LogContents finds nothing
/// wrong with them): users registered before they act, a deployment planned before its steps and stepping through its
/// life in order, its operator assigned (and perhaps taken off and assigned again) around its run, a run started before
/// its counts and alerts, an alert raised before its evidence is shown and before it is decided, evidence shown only while
/// held, purges of evidence the log holds, every time where the product puts it — in random orders: stories — a deployment's life with its runs,
/// runs outside any deployment, sign-ins, purges, enrolments, a site's import, users managed (disabled, enabled, removed,
/// given new passwords), API keys issued and revoked, and entries of types no version knows — each in its own order, interleaved at random. The log's
/// users, when it has any, come first.
/// </summary>
public static class AuditLogGen
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Hash = new('a', 64);

    /// <summary>
    /// The supervisor and operator a log with users registers, a second operator it never assigns to anything, and a scripted
    /// operator (no password).
    /// </summary>
    public const string Supervisor = "sup.one", Operator = "op.one", SecondOperator = "op.two", ScriptedOperator = "demo.op";

    /// <summary>An event written at the time of the entry that holds it (its own times are read from the same clock).</summary>
    private delegate IAuditEvent At(DateTimeOffset now);

    /// <summary>A log: entries with increasing times, as a store writes them (the chain's hashes are real).</summary>
    public static Gen<IReadOnlyList<AuditEntry>> Logs { get; } =
        from users in Gen.Choose(0, 2)
        from stories in Gen.ListOf(Story)
        from managed in Gen.Choose(0, users == 0 ? 0 : 3).SelectMany(n => Gen.ListOf(ManagedUserStory, n))
        from keys in Gen.Choose(0, users == 0 ? 0 : 2).SelectMany(n => Gen.ListOf(ApiKeyStory, n))
        from order in Interleave([.. stories, .. managed, .. keys])
        select Entries(Users(users).Concat(order).ToList());

    // 0: no users (a log written before users existed); 1: a supervisor and an operator; 2: and a scripted operator.
    private static List<At> Users(int kind)
    {
        var users = new List<At>();
        if (kind is 1 or 2)
        {
            users.Add(t => new UserAdded(Supervisor, "supervisor", "first admin", t, "lfr on host as root"));
            users.Add(t => new UserAdded(Operator, "operator", Supervisor, t, "lfr on host as root"));
            users.Add(t => new UserAdded(SecondOperator, "operator", Supervisor, t, "lfr on host as root"));
        }
        if (kind == 2) users.Add(t => new UserAdded(ScriptedOperator, "operator", "lfr demo", t, $"lfr demo {UserAdded.ScriptedNote}"));
        return users;
    }

    private static Gen<List<At>> Story => Gen.Choose(0, 8).SelectMany(kind => kind switch
    {
        0 => DeploymentStory,
        1 => Gen.Choose(0, 1).Select(cancel => cancel == 1 ? CancelledDeployment() : []),
        2 => RunStory(null),
        // A successful sign-in names a user who has a password; a refused one may name anyone.
        3 => Gen.Choose(0, 1).Select(ok => new List<At> { t => new SignInRecorded(ok == 1, ok == 1 ? Operator : "(not a user name)", "127.0.0.1", t) }),
        4 => Gen.Constant(new List<At> { t => new SignInRecorded(false, "mallory", "10.0.0.9", t) }),
        // A retention purge that found nothing due still records itself.
        5 => Gen.Constant(new List<At> { t => new EvidencePurged(NextId(), "never adjudicated", 0, t) }),
        6 => Gen.Constant(new List<At> { _ => new WatchlistEnrolled("wl", Hash, 5, 5, "model", new Dictionary<string, long> { ["court-warrant"] = 5 }) }),
        7 => Gen.Constant(new List<At> { _ => new SiteRegistered("van-1", "host"), _ => new StoreImported("van-1.db", 10, Hash, new Dictionary<string, long> { ["1"] = 7 }, new Dictionary<string, long>()) }),
        _ => Gen.Elements("mystery.event", "deployment.teleported", "x").Select(t => new List<At> { _ => new Unknown(t) }),
    });

    /// <summary>
    /// A user added by the log's supervisor (a log with users) and then managed: signing in (and refused) while active, given
    /// new passwords, disabled and enabled, perhaps removed — a random walk through the changes <c>AccountChanges</c> allows,
    /// so disabled only while active, enabled only while disabled, signed in only while active, nothing but refusals once removed.
    /// </summary>
    /// <summary>An API key issued by the log's supervisor to a client, with a machine's role, and perhaps revoked later.</summary>
    private static Gen<List<At>> ApiKeyStory =>
        from role in Gen.Elements("supervisor", "reviewer")
        from revoked in Gen.Elements(true, false)
        select ApiKey(role, revoked);

    private static List<At> ApiKey(string role, bool revoked)
    {
        var key = $"k{NextId():x16}";
        var client = $"system-{NextId()}";
        var life = new List<At> { t => new ApiKeyIssued(key, client, role, Supervisor, t, "lfr on host as root") };
        if (revoked) life.Add(t => new ApiKeyRevoked(key, client, Supervisor, t, "lfr on host as root"));
        return life;
    }

    private static Gen<List<At>> ManagedUserStory =>
        from role in Gen.Elements("operator", "supervisor", "reviewer")
        from steps in Gen.Choose(0, 8)
        from seed in Gen.Choose(0, int.MaxValue)
        select ManagedUser(role, steps, new Random(seed));

    private enum Standing { Active, Disabled, Removed }

    private static List<At> ManagedUser(string role, int steps, Random random)
    {
        var name = $"staff-{NextId()}";
        const string via = "lfr on host as root";
        var life = new List<At> { t => new UserAdded(name, role, Supervisor, t, via) };
        var standing = Standing.Active;
        for (int i = 0; i < steps; i++)
        {
            var next = standing switch
            {
                Standing.Active => random.Next(5) switch
                {
                    0 => (At)(t => new SignInRecorded(true, name, "10.0.0.3", t)),
                    1 => t => new PasswordChanged(name, Supervisor, t, via),
                    2 => t => new UserDisabled(name, Supervisor, t, via),
                    3 => t => new SignInRecorded(false, name, "10.0.0.3", t),
                    _ => t => new UserRemoved(name, Supervisor, t, via),
                },
                Standing.Disabled => random.Next(4) switch
                {
                    0 => (At)(t => new SignInRecorded(false, name, "10.0.0.3", t)),
                    1 => t => new PasswordChanged(name, Supervisor, t, via),
                    2 => t => new UserEnabled(name, Supervisor, t, via),
                    _ => t => new UserRemoved(name, Supervisor, t, via),
                },
                _ => t => new SignInRecorded(false, name, "10.0.0.3", t),
            };
            standing = next(T0) switch { UserDisabled => Standing.Disabled, UserEnabled => Standing.Active, UserRemoved => Standing.Removed, _ => standing };
            life.Add(next);
        }
        return life;
    }

    private static int _ids;

    private static long NextId() => Interlocked.Increment(ref _ids);

    private static DeploymentPlanned Plan(string id, DateTimeOffset t) =>
        new(id, "High Street, Croydon", T0.AddDays(10), T0.AddDays(10).AddHours(8), "p", "Supt A", ["van-1"], "wl", 0.6, 0, 86400, 2678400, Supervisor, "lfr");

    private static At Notice(string id) => t =>
    {
        var deadline = DeploymentRules.NoticeDeadline(T0.AddDays(10));
        return new NoticePublished(id, t, deadline, t <= deadline, Supervisor, "lfr");
    };

    /// <summary>
    /// A deployment's life, cut short anywhere: planned ten days ahead, its notice published at once (on time), started
    /// early by an urgent override (the log spans hours), a run of its camera with alerts, a threshold changed and taken
    /// up, then ended and its outcome published. Its operator is assigned anywhere between its planning and its run, and
    /// perhaps taken off once the run has ended (and perhaps assigned again).
    /// </summary>
    private static Gen<List<At>> DeploymentStory =>
        from eighths in Gen.Choose(1, 8)
        from run in RunStory("pending")
        from assignedAfter in Gen.Choose(1, 4)
        from takenOff in Gen.Choose(0, 2)
        select Deployment(eighths, run, assignedAfter, takenOff);

    private static At Assigned(string id) => t => new OperatorAssigned(id, Operator, Supervisor, t, "lfr on host as root");

    private static List<At> Deployment(int eighths, List<At> run, int assignedAfter, int takenOff)
    {
        var id = $"DEP-{NextId()}";
        // The run searches for this deployment: its start names it.
        var runStart = run[0];
        run[0] = t => ((RunStarted)runStart(t)) with { Deployment = id };
        var runId = ((RunStarted)runStart(T0)).Run;
        var all = new List<At>
        {
            t => Plan(id, t),
            Notice(id),
            t => new DocumentPublished(id, "notice", Hash, t),
            t => new DeploymentStarted(id, t, "wl", Hash, 5, new Dictionary<string, long> { ["court-warrant"] = 5 }, 0.6,
                new OverrideRecord("urgent: a named risk to life", Supervisor, t), Supervisor, "lfr"),
        };
        all.Insert(assignedAfter, Assigned(id)); // after the plan, before the run's first decision or view
        all.AddRange(run.Take(run.Count - 1));
        all.Add(t => new ThresholdChanged(id, 0.6, 0.64, Supervisor, "false alerts", t, "lfr"));
        all.Add(t => new ThresholdApplied(id, runId, "van-1", 0.64, t));
        all.Add(run[^1]);
        if (takenOff >= 1) all.Add(t => new OperatorUnassigned(id, Operator, Supervisor, t, "console from 10.0.0.2"));
        if (takenOff == 2) all.Add(Assigned(id));
        all.Add(t => new DeploymentEnded(id, t, Supervisor, "lfr"));
        all.Add(t => new OutcomePublished(id, t, Supervisor, "lfr"));
        all.Add(t => new DocumentPublished(id, "outcome", Hash, t));
        return all.Take(Math.Max(1, all.Count * eighths / 8)).ToList();
    }

    private static List<At> CancelledDeployment()
    {
        var id = $"DEP-{NextId()}";
        return [t => Plan(id, t), Notice(id), t => new DeploymentCancelled(id, t, "intelligence changed", Supervisor, "lfr")];
    }

    private static Gen<List<At>> RunStory(string? deployment) =>
        from alerts in Gen.Choose(0, 3)
        from decided in Gen.Choose(0, 2)
        from interrupted in Gen.Choose(0, 1)
        from views in Gen.Choose(0, 2)
        select Run(deployment, alerts, decided, interrupted == 1, views);

    // Decisions and outcomes come inside the run (an operator decides while the camera runs); a rejection's evidence is purged
    // at once. The evidence is shown before the decision (the probe, then the reference image), and a confirmed match's again after.
    private static List<At> Run(string? deployment, int alerts, int decided, bool interrupted, int views)
    {
        // A deployment's alerts in the console; a run outside any deployment's on the command line (lfr alerts review).
        var via = deployment is null ? "lfr on host as op" : "console from 10.0.0.7";
        var n = NextId();
        var run = $"run-{n}";
        var events = new List<At>
        {
            // Every third run on a model whose licence terms had to be accepted: the optional member reads and writes back too.
            _ => new RunStarted(run, deployment, "van-1", "file", "wl", Hash, 5, 0.6, 24, 0.6, "every frame", "model")
            {
                ModelLicence = n % 3 == 0 ? "CC-BY-NC-SA-4.0 (non-commercial use only), accepted" : null,
            },
            t => new FacesCounted(run, "van-1", t, 10, 3, 3, 0, alerts),
        };
        for (int a = 0; a < alerts; a++)
        {
            long alert = n * 10 + a;
            events.Add(t => new AlertRaised(alert, run, "van-1", a, t, "WL-1", "court-warrant", 0.7, 0.6, "t1", Hash));
            events.Add(t => new AlertSighted(alert, 2, t, 0.71));
            for (int v = 0; v < views; v++)
            {
                var shown = v == 0 ? EvidenceViewed.Probe : EvidenceViewed.Reference;
                events.Add(t => new EvidenceViewed(alert, shown, Operator, t, via));
            }
            if (decided >= 1) events.Add(t => new AlertAdjudicated(alert, decided == 2 ? "confirm" : "reject", Operator, t, "console from 127.0.0.1"));
            if (decided == 1) events.Add(t => new EvidencePurged(NextId(), "rejected by operator", 1, t));
            if (decided == 2 && views > 0) events.Add(t => new EvidenceViewed(alert, EvidenceViewed.Probe, Operator, t, via));
            if (decided == 2) events.Add(t => new EngagementRecorded(alert, "arrested", Operator, t, "lfr"));
        }
        events.Add(t => interrupted ? new RunInterrupted(run, 3, 3, alerts, t) : new RunEnded(run, "completed", 10, 0, 10, 3, 3, alerts));
        return events;
    }

    /// <summary>Stories merged in a random order that keeps each story's own order.</summary>
    private static Gen<List<At>> Interleave(List<List<At>> stories)
    {
        var slots = stories.SelectMany((s, i) => Enumerable.Repeat(i, s.Count)).ToList();
        return Gen.Shuffle(slots.ToArray()).Select(order =>
        {
            var next = new int[stories.Count];
            return order.Select(i => stories[i][next[i]++]).ToList();
        });
    }

    private static IReadOnlyList<AuditEntry> Entries(List<At> events)
    {
        var entries = new List<AuditEntry>();
        var prev = AuditEntry.GenesisPrev;
        for (int i = 0; i < events.Count; i++)
        {
            var at = T0.AddMinutes(i);
            var e = events[i](at);
            var entry = new AuditEntry(i, at, e.Type, e.ToData(), prev, i % 3 == 0 ? AuditEntry.SimulationClock : null);
            prev = Convert.ToHexStringLower(entry.LeafHash());
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>An entry of a type no version of LfrAudit writes.</summary>
    private sealed record Unknown(string Type) : IAuditEvent
    {
        public System.Text.Json.Nodes.JsonObject ToData() => new() { ["note"] = "written by something else" };
    }
}
