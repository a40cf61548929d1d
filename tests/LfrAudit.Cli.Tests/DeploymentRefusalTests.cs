using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Accounts;
using LfrAudit.Cli.Output;
using LfrAudit.Governance.Accounts;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Every deployment step is checked on the store opened only to read before it is opened to write: a refused step — by
/// someone not registered, or in the wrong state — leaves the store's files byte for byte as they were and its log as long,
/// even where opening it to write would have signed a recovery head.
/// </summary>
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public class DeploymentRefusalTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private TestTimeline T => seeded.Timeline;

    private string[] Plan(string id, string camera, int day, int from, int to) =>
        ["deployment", "plan", "--id", id, "--location", "North End, Croydon", "--area", "Croydon", "--start", T.Wall(day, from), "--end", T.Wall(day, to),
         "--purpose", "Locate people wanted for serious offences", "--officer", "A. Example", "--rank", "Superintendent", "--camera", camera, "--watchlist", "demo-watchlist"];

    /// <summary>
    /// DEP-R live (day 10, van-1), DEP-P planned (day 20, van-2), DEP-C cancelled; then an entry no head covers, as a killed
    /// command leaves, so that the next command to open the store for writing signs a recovery head.
    /// </summary>
    private async Task<string> Store()
    {
        var db = await LiveDeployment.In(seeded, _dir, "DEP-R", "van-1");
        async Task Ok(params string[] args)
        {
            var r = await Lfr.Run([.. args, "--by", TestUsers.Supervisor, "--db", db, "--now", T.Now(10, 11)]);
            Assert.True(r.Exit == 0, r.ToString());
        }
        await Ok(Plan("DEP-P", "van-2", 20, 10, 18));
        await Ok(Plan("DEP-C", "van-3", 21, 10, 18));
        await Ok("deployment", "cancel", "DEP-C", "--reason", "no longer needed");
        using (var store = SqliteDatabase.Open(db, new FakeTimeProvider(T.At(10, 11))))
            new AccountService(store, new TestPasswordHashing(), new SignInThrottle(store.Clock)).Add("op-9", Role.Operator, TestPasswordHashing.Password, TestUsers.Supervisor, "tests");
        return db;
    }

    // Each step asked of a deployment whose state refuses it (or, to plan, a window another deployment holds on its camera).
    private string[][] WrongState =>
    [
        Plan("DEP-X", "van-1", 10, 13, 14),
        ["deployment", "publish-notice", "DEP-R"],
        ["deployment", "start", "DEP-C"],
        ["deployment", "end", "DEP-P"],
        ["deployment", "cancel", "DEP-R", "--reason", "r"],
        ["deployment", "threshold", "DEP-C", "--to", "0.61", "--reason", "r"],
        ["deployment", "publish-outcome", "DEP-R"],
        // A deployment neither the store nor its log knows (a typo): the outcome's check against the log is not needed to say so.
        ["deployment", "publish-outcome", "DEP-NOPE"],
        ["deployment", "end", "DEP-NOPE"],
    ];

    private static async Task RefusedWritingNothing(string db, string now, string[] args)
    {
        var before = StoreSnapshot.Of(db);
        var r = await Lfr.Run([.. args, "--db", db, "--now", now]);
        Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
        Assert.True(r.ErrorLines.Count() == 1, r.ToString());
        Assert.Equal(before, StoreSnapshot.Of(db));
    }

    [Fact]
    public async Task Every_step_refused_for_who_asks_or_the_deployments_state_writes_nothing()
    {
        var db = await Store();
        foreach (var step in WrongState)
        {
            await RefusedWritingNothing(db, T.Now(10, 12), [.. step, "--by", TestUsers.Supervisor]);
            await RefusedWritingNothing(db, T.Now(10, 12), [.. step, "--by", "nobody"]);
        }
        // The store was one that a writing command changes on opening: the step allowed signs the recovery head, then its own.
        var before = StoreSnapshot.Of(db);
        var ended = await Lfr.Run("deployment", "end", "DEP-R", "--by", TestUsers.Supervisor, "--db", db, "--now", T.Now(10, 12));
        Assert.True(ended.Exit == 0, ended.ToString());
        var after = StoreSnapshot.Of(db);
        Assert.Equal(before.Entries + 1, after.Entries);
        Assert.Equal(before.Heads + 2, after.Heads);
    }

    [Fact]
    public async Task Any_refused_request_writes_nothing()
    {
        var db = await Store();
        // Any step, in a state that refuses it, by a supervisor, an operator or someone never registered.
        var requests = from step in Gen.Elements(WrongState)
                       from who in Gen.Elements(TestUsers.Supervisor, TestUsers.Operator, "nobody", "op-9 ", "SUP-1")
                       from hour in Gen.Choose(11, 17)
                       select (Args: step.Append("--by").Append(who).ToArray(), Now: T.Now(10, hour));
        Prop.ForAll(requests.ToArbitrary(), r =>
        {
            RefusedWritingNothing(db, r.Now, r.Args).GetAwaiter().GetResult();
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }
}
