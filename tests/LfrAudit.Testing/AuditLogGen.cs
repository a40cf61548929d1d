using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Audit.Vocabulary;

namespace LfrAudit.Testing;

/// <summary>
/// Generated audit logs holding every type of event, consistent as a real log is (an alert raised before it is decided,
/// a deployment planned before its steps), in random orders: stories — a deployment's life, a run with its counts and
/// alerts, sign-ins, users, purges, enrolments, a site's import, and entries of types no version knows — each in its own
/// order, interleaved at random.
/// </summary>
public static class AuditLogGen
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Hash = new('a', 64);

    /// <summary>A log: entries with increasing times, as a store writes them (the chain's hashes are real).</summary>
    public static Gen<IReadOnlyList<AuditEntry>> Logs { get; } =
        Gen.ListOf(Story).SelectMany(stories => Interleave(stories).Select(Entries));

    private static Gen<List<IAuditEvent>> Story => Gen.Choose(0, 8).SelectMany(kind => kind switch
    {
        0 => DeploymentStory,
        1 or 2 => RunStory(inDeployment: kind == 1),
        3 => Gen.Choose(0, 1).Select(ok => new List<IAuditEvent> { new SignInRecorded(ok == 1, ok == 1 ? "op.one" : "(not a user name)", "127.0.0.1", T0) }),
        4 => Gen.Constant(new List<IAuditEvent> { new UserAdded("op.one", "operator", "sup.one", T0, "lfr on host as x") }),
        5 => Gen.Choose(0, 5).Select(n => new List<IAuditEvent> { new EvidencePurged(n, "rejected by operator", n, T0) }),
        6 => Gen.Constant(new List<IAuditEvent> { new WatchlistEnrolled("wl", Hash, 5, 5, "model", new Dictionary<string, long> { ["court-warrant"] = 5 }) }),
        7 => Gen.Constant(new List<IAuditEvent> { new SiteRegistered("van-1", "host"), new StoreImported("van-1.db", 10, Hash, new Dictionary<string, long> { ["1"] = 7 }, new Dictionary<string, long>()) }),
        _ => Gen.Elements("mystery.event", "deployment.teleported", "x").Select(t => new List<IAuditEvent> { new Unknown(t) }),
    });

    private static int _ids;

    private static Gen<List<IAuditEvent>> DeploymentStory => Gen.Choose(1, 8).Select(steps =>
    {
        var id = $"DEP-{Interlocked.Increment(ref _ids)}";
        var all = new List<IAuditEvent>
        {
            new DeploymentPlanned(id, "High Street, Croydon", T0.AddDays(10), T0.AddDays(10).AddHours(8), "p", "Supt A", ["van-1"], "wl", 0.6, 0, 86400, 2678400, "sup.one", "lfr"),
            new NoticePublished(id, T0.AddDays(1), T0.AddDays(3), true, "sup.one", "lfr"),
            new DocumentPublished(id, "notice", Hash, T0.AddDays(1)),
            new DeploymentStarted(id, T0.AddDays(10), "wl", Hash, 5, new Dictionary<string, long> { ["court-warrant"] = 5 }, 0.6, null, "sup.one", "lfr"),
            new ThresholdChanged(id, 0.6, 0.64, "sup.one", "false alerts", T0.AddDays(10).AddHours(1), "lfr"),
            new ThresholdApplied(id, "run-x", "van-1", 0.64, T0.AddDays(10).AddHours(1)),
            new DeploymentEnded(id, T0.AddDays(10).AddHours(8), "sup.one", "lfr"),
            new OutcomePublished(id, T0.AddDays(11), "sup.one", "lfr"),
        };
        return all.Take(steps).ToList();
    });

    private static Gen<List<IAuditEvent>> RunStory(bool inDeployment) =>
        Gen.Choose(0, 3).SelectMany(alerts => Gen.Choose(0, 2).SelectMany(decided => Gen.Choose(0, 1).Select(interrupted => Run(inDeployment, alerts, decided, interrupted == 1))));

    private static List<IAuditEvent> Run(bool inDeployment, int alerts, int decided, bool interrupted)
    {
        var n = Interlocked.Increment(ref _ids);
        var run = $"run-{n}";
        var events = new List<IAuditEvent> { new RunStarted(run, inDeployment ? "DEP-x" : null, "van-1", "file", "wl", Hash, 5, 0.6, 24, 0.6, "every frame", "model") };
        events.Add(new FacesCounted(run, "van-1", T0, 10, 3, 3, 0, alerts));
        for (int a = 0; a < alerts; a++)
        {
            long alert = n * 10 + a;
            events.Add(new AlertRaised(alert, run, "van-1", a, T0, "WL-1", "court-warrant", 0.7, 0.6, "t1", Hash));
            events.Add(new AlertSighted(alert, 2, T0, 0.71));
            if (decided >= 1) events.Add(new AlertAdjudicated(alert, decided == 2 ? "confirm" : "reject", "op.one", T0, "console from 127.0.0.1"));
            if (decided == 2) events.Add(new EngagementRecorded(alert, "arrested", "op.one", T0, "lfr"));
        }
        events.Add(interrupted ? new RunInterrupted(run, 3, 3, alerts, T0) : new RunEnded(run, "completed", 10, 0, 10, 3, 3, alerts));
        return events;
    }

    /// <summary>Stories merged in a random order that keeps each story's own order.</summary>
    private static Gen<List<IAuditEvent>> Interleave(List<List<IAuditEvent>> stories)
    {
        var slots = stories.SelectMany((s, i) => Enumerable.Repeat(i, s.Count)).ToList();
        return Gen.Shuffle(slots.ToArray()).Select(order =>
        {
            var next = new int[stories.Count];
            return order.Select(i => stories[i][next[i]++]).ToList();
        });
    }

    private static IReadOnlyList<AuditEntry> Entries(List<IAuditEvent> events)
    {
        var entries = new List<AuditEntry>();
        var prev = AuditEntry.GenesisPrev;
        for (int i = 0; i < events.Count; i++)
        {
            var e = new AuditEntry(i, T0.AddMinutes(i), events[i].Type, events[i].ToData(), prev, i % 3 == 0 ? AuditEntry.SimulationClock : null);
            prev = Convert.ToHexStringLower(e.LeafHash());
            entries.Add(e);
        }
        return entries;
    }

    /// <summary>An entry of a type no version of LfrAudit writes.</summary>
    private sealed record Unknown(string Type) : IAuditEvent
    {
        public System.Text.Json.Nodes.JsonObject ToData() => new() { ["note"] = "written by something else" };
    }
}
