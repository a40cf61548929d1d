namespace LfrAudit.Cli.Tests;

/// <summary>
/// A deployment made live through the command line on the simulation clock, on the seeded store's timeline
/// (<see cref="SeededStore.Timeline"/>): planned on day 1 with the tests' operator (<see cref="TestUsers.Operator"/>) assigned
/// to work its alerts, noticed on day 2, live on day 10 (a Thursday) from 10:00 to 18:00.
/// </summary>
public static class LiveDeployment
{
    /// <summary>Copies the seeded demo store into <paramref name="dir"/> and makes deployment <paramref name="id"/> live there.</summary>
    public static async Task<string> In(SeededStore seeded, TempDir dir, string id, params string[] cameras)
    {
        var db = seeded.CopyInto(dir);
        async Task Ok(string now, params string[] args)
        {
            var r = await Lfr.Run([.. args, "--db", db, "--now", now]);
            Assert.True(r.Exit == 0, r.ToString());
        }
        var t = seeded.Timeline;
        await Ok(t.Now(1, 9), ["deployment", "plan", "--id", id, "--by", TestUsers.Supervisor, "--location", "North End, Croydon", "--area", "Croydon",
            "--start", t.Wall(10, 10), "--end", t.Wall(10, 18), "--purpose", "Locate people wanted for serious offences",
            "--officer", "A. Example", "--rank", "Superintendent", .. cameras.SelectMany(c => new[] { "--camera", c }), "--watchlist", "demo-watchlist"]);
        await Assign(db, t.Now(1, 9, 1), id, TestUsers.Operator);
        await Ok(t.Now(2, 9), "deployment", "publish-notice", id, "--by", TestUsers.Supervisor);
        await Ok(t.Now(10, 10), "deployment", "start", id, "--by", TestUsers.Supervisor);
        return db;
    }

    /// <summary>Assigns an operator to a deployment as a supervisor does (lfr deployment assign): they then see, are shown and decide its alerts.</summary>
    public static async Task Assign(string db, string now, string deployment, string operatorName)
    {
        var r = await Lfr.Run("deployment", "assign", deployment, "--operator", operatorName, "--by", TestUsers.Supervisor, "--db", db, "--now", now);
        Assert.True(r.Exit == 0, r.ToString());
    }
}
