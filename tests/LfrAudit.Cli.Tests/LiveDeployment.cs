namespace LfrAudit.Cli.Tests;

/// <summary>A deployment made live through the command line on the simulation clock: planned, noticed a week ahead, started on 10 December 2026 at 10:00.</summary>
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
        await Ok("2026-12-01T09:00:00Z", ["deployment", "plan", "--id", id, "--location", "North End, Croydon", "--area", "Croydon",
            "--start", "2026-12-10T10:00", "--end", "2026-12-10T18:00", "--purpose", "Locate people wanted for serious offences",
            "--officer", "A. Example", "--rank", "Superintendent", .. cameras.SelectMany(c => new[] { "--camera", c }), "--watchlist", "demo-watchlist"]);
        await Ok("2026-12-02T09:00:00Z", "deployment", "publish-notice", id);
        await Ok("2026-12-10T10:00:00Z", "deployment", "start", id);
        return db;
    }
}
