using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Accounts;
using LfrAudit.Cli.Output;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Time;
using LfrAudit.Governance.Accounts;
using LfrAudit.Storage.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// One person, one name: a second user whose name differs from a registered one only in case, Unicode normalisation,
/// surrounding spaces or control characters is refused in one line (exit 3) and nothing is written. A scripted user
/// (the demo's, the simulator's: no password) acts only on a simulation clock.
/// </summary>
[Trait("Category", "Dates")]
public class UsersNameProperties : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private const string Secret = "a long enough secret phrase";

    private static async Task<LfrResult> Add(string db, string name, string by = "admin")
    {
        var psi = Lfr.Process(null, "users", "add", name, "--role", "operator", "--by", by, "--password-stdin", "--db", db);
        psi.RedirectStandardInput = true;
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteLineAsync(Secret);
        p.StandardInput.Close();
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new LfrResult(p.ExitCode, await o, await e);
    }

    private const string Registered = "Zoe.Smith";

    // The same name as people would read it: case flipped, accents composed or decomposed, spaces or controls around it.
    private static Gen<string> LookAlikes() => Gen.OneOf(
        from flips in Gen.Choose(1, (1 << Registered.Length) - 1)
        select new string(Registered.Select((ch, i) => (flips >> i & 1) == 1 && char.IsLetter(ch) ? (char.IsUpper(ch) ? char.ToLowerInvariant(ch) : char.ToUpperInvariant(ch)) : ch).ToArray()),
        from form in Gen.Elements(NormalizationForm.FormC, NormalizationForm.FormD)
        from upper in Gen.Elements(true, false)
        select (upper ? "ZOË.Smith" : "Zoë.Smith").Normalize(form),
        from before in Gen.Elements("", " ", "\t", "\u00a0")
        from after in Gen.Elements(" ", "  ", "\t", "\u2003")
        select before + Registered + after,
        from control in Gen.Elements('\n', '\r', '\u0001', '\u001b', '\u007f', '\u0085', '\u200b')
        from at in Gen.Choose(0, Registered.Length)
        select Registered.Insert(at, control.ToString()));

    [Fact]
    public async Task A_name_differing_only_in_case_normalisation_spaces_or_controls_is_refused_in_one_line_and_nothing_is_written()
    {
        var db = _dir["store.db"];
        Assert.True((await Add(db, Registered)).Exit == 0);
        Prop.ForAll(LookAlikes().ToArbitrary(), name =>
        {
            var before = StoreSnapshot.Of(db);
            var r = Add(db, name).GetAwaiter().GetResult();
            Assert.True(r.Exit == ExitCodes.BadInput, $"{Escape(name)}: {r}");
            Assert.Single(r.ErrorLines);
            Assert.StartsWith("error:", r.ErrorLines[0]);
            Assert.Equal(before, StoreSnapshot.Of(db));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(12));
        var listed = await Lfr.Run("users", "list", "--db", db);
        Assert.Single(listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_case_refusal_names_the_user_already_registered()
    {
        var db = _dir["store.db"];
        Assert.Equal(0, (await Add(db, Registered)).Exit);
        var before = StoreSnapshot.Of(db);
        var r = await Add(db, "zoe.smith");
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        Assert.Contains("'zoe.smith' differs from the registered user 'Zoe.Smith' only in case", Assert.Single(r.ErrorLines));
        Assert.Equal(before, StoreSnapshot.Of(db));
    }

    [Fact]
    public async Task A_scripted_user_acts_only_on_a_simulation_clock_and_is_refused_by_name_on_the_real_clock()
    {
        var db = _dir["store.db"];
        var yesterday = Testing.TestTimeline.RealNow.AddDays(-1);
        using (var store = SqliteDatabase.Open(db, new SimulationClock(yesterday)))
            ScriptedUsers.Ensure(store, "demo-supervisor", Role.Supervisor, "lfr demo", "lfr demo");
        var before = StoreSnapshot.Of(db);
        var r = await Lfr.Run("deployment", "cancel", "DEP-1", "--reason", "r", "--by", "demo-supervisor", "--db", db);
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        Assert.Contains("'demo-supervisor' is a scripted user", Assert.Single(r.ErrorLines));
        Assert.Equal(before.Entries, StoreSnapshot.Of(db).Entries);
        // On the simulation clock the same user acts (here: only to find there is no such deployment).
        var simulated = await Lfr.Run("deployment", "cancel", "DEP-1", "--reason", "r", "--by", "demo-supervisor", "--db", db, "--now", Testing.TestTimeline.Utc(Testing.TestTimeline.RealNow));
        Assert.Contains("deployment DEP-1 does not exist", Assert.Single(simulated.ErrorLines));
        // Nor can one be registered on the real clock.
        using var real = SqliteDatabase.Open(db, TimeProvider.System);
        Assert.Contains("scripted user", Assert.ThrowsAny<LfrInputException>(() => ScriptedUsers.Ensure(real, "demo-operator", Role.Operator, "x", "y")).Message);
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
