using System.Diagnostics;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Accounts;
using LfrAudit.Cli.Output;
using LfrAudit.Core.Time;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web.Security;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// lfr users disable | enable | remove | password, and list: each change made by a registered supervisor, each one audit
/// entry (who, by whom, through what, when; never a hash) with the row it changes; every refusal one line, exit 3, nothing
/// written. A disabled or removed user acts no more; a removed name is never
/// given again; no one disables or removes the last supervisor who can sign in.
/// </summary>
[Trait("Category", "Dates")]
public sealed class UsersManagementTests : IDisposable
{
    private readonly TempDir _dir = new();
    private string Db => _dir["store.db"];
    private const string Sup = TestUsers.Supervisor, Op = TestUsers.Operator, Op2 = TestUsers.SecondOperator, Reviewer = TestUsers.Reviewer;
    private const string Scripted = "demo-operator", ScriptedSupervisor = "demo-supervisor";
    private const string NewPassword = "a brand new passphrase";

    public UsersManagementTests()
    {
        TestUsers.In(Db);
        // The demo's users: no password, acting only on a simulation clock.
        using var store = SqliteDatabase.Open(Db, new SimulationClock(Testing.TestTimeline.RealNow));
        ScriptedUsers.Ensure(store, Scripted, Role.Operator, "lfr demo", "lfr demo");
        ScriptedUsers.Ensure(store, ScriptedSupervisor, Role.Supervisor, "lfr demo", "lfr demo");
    }

    public void Dispose() => _dir.Dispose();

    private Task<LfrResult> Run(params string[] args) => Lfr.Run([.. args, "--db", Db]);

    /// <summary>As a separate process, with <paramref name="stdin"/> on standard input (null: none at all).</summary>
    private async Task<LfrResult> WithInput(string? stdin, params string[] args)
    {
        var psi = Lfr.Process(null, [.. args, "--db", Db]);
        psi.RedirectStandardInput = true;
        using var p = Process.Start(psi)!;
        if (stdin is not null) await p.StandardInput.WriteLineAsync(stdin);
        p.StandardInput.Close();
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new LfrResult(p.ExitCode, await o, await e);
    }

    private async Task Ok(params string[] args)
    {
        var r = await Run(args);
        Assert.True(r.Exit == 0, r.ToString());
    }

    private List<JsonElement> Entries()
    {
        using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT canonical FROM audit_entries ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var list = new List<JsonElement>();
        while (r.Read()) list.Add(JsonDocument.Parse(r.GetString(0)).RootElement.Clone());
        return list;
    }

    private async Task<Dictionary<string, JsonElement>> Listed()
    {
        var r = await Run("users", "list", "--json");
        Assert.Equal(0, r.Exit);
        return JsonDocument.Parse(r.Out).RootElement.EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!, u => u.Clone());
    }

    private UserAccount Stored(string name)
    {
        using var store = SqliteDatabase.Open(Db, TimeProvider.System, StoreAccess.Read);
        return store.Users.Find(name)!;
    }

    [Fact]
    public async Task Each_change_is_one_entry_by_the_supervisor_and_the_list_shows_where_each_user_stands()
    {
        var before = Entries().Count;
        Assert.Contains($"user {Op} disabled", (await Run("users", "disable", Op, "--by", Sup)).Out);
        Assert.Equal("disabled", (await Listed())[Op].GetProperty("status").GetString());
        Assert.Contains($"user {Op} enabled", (await Run("users", "enable", Op, "--by", Sup)).Out);
        var changed = await WithInput(NewPassword, "users", "password", Op, "--by", Sup, "--password-stdin");
        Assert.True(changed.Exit == 0, changed.ToString());
        Assert.Contains($"user {Op2} removed", (await Run("users", "remove", Op2, "--by", Sup)).Out);

        var entries = Entries().Skip(before).ToList();
        Assert.Equal(["user.disabled", "user.enabled", "user.password_changed", "user.removed"], entries.Select(e => e.GetProperty("type").GetString()));
        foreach (var (e, who) in entries.Zip(new[] { Op, Op, Op, Op2 }))
        {
            var data = e.GetProperty("data");
            Assert.Equal(["at", "by", "user", "via"], data.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal((who, Sup), (data.GetProperty("user").GetString(), data.GetProperty("by").GetString()));
            Assert.StartsWith("lfr on ", data.GetProperty("via").GetString());
        }
        // The row changed with its entry, dated as the entry says; never a password or a hash in the log.
        Assert.Equal(entries[2].GetProperty("data").GetProperty("at").GetString(), AuditEntry.Time(Stored(Op).PasswordChangedAt!.Value));
        Assert.True(new IdentityPasswordHashing().Verify(Op, Stored(Op).PasswordHash, NewPassword));
        Assert.DoesNotContain(Entries(), e => e.GetRawText().Contains("test-hash", StringComparison.Ordinal) || e.GetRawText().Contains("AQAAAA", StringComparison.Ordinal));
        Assert.Equal(-1, System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Db)).IndexOf(NewPassword, StringComparison.Ordinal));

        var listed = await Listed();
        Assert.Equal(("active", JsonValueKind.String), (listed[Op].GetProperty("status").GetString(), listed[Op].GetProperty("password_changed_at").ValueKind));
        Assert.False(listed[Op].TryGetProperty("disabled_at", out _)); // enabled again: no longer disabled since any time
        Assert.Equal(("removed", JsonValueKind.String), (listed[Op2].GetProperty("status").GetString(), listed[Op2].GetProperty("removed_at").ValueKind));
        var text = (await Run("users", "list")).Out.Split('\n');
        Assert.Contains(text, l => l.StartsWith($"{Op}\toperator\tactive\t", StringComparison.Ordinal) && l.Contains("\tpassword changed ", StringComparison.Ordinal));
        Assert.Contains(text, l => l.StartsWith($"{Op2}\toperator\tremoved ", StringComparison.Ordinal) && l.EndsWith("\tpassword as added", StringComparison.Ordinal));
        Assert.Contains(text, l => l.StartsWith($"{Scripted}\toperator\tactive\t", StringComparison.Ordinal) && l.EndsWith("\tno password (scripted)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_refusal_is_one_line_exit_3_and_writes_nothing()
    {
        // A second supervisor, disabled; the second operator removed; the reviewer disabled.
        using (var store = SqliteDatabase.Open(Db, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Testing.TestTimeline.RealNow)))
            new AccountService(store, new Testing.TestPasswordHashing(), new SignInThrottle(store.Clock)).Add("sup-2", Role.Supervisor, Testing.TestPasswordHashing.Password, Sup, "tests");
        await Ok("users", "disable", "sup-2", "--by", Sup);
        await Ok("users", "remove", Op2, "--by", Sup);
        await Ok("users", "disable", Reviewer, "--by", Sup);

        (string[] Args, string Said)[] refusals =
        [
            (["users", "disable", Op, "--by", "nobody"], "'nobody' is not a registered user"),
            (["users", "enable", Reviewer, "--by", Op], $"'{Op}' is an operator: only a supervisor may add users and manage them"),
            (["users", "remove", Op, "--by", "sup-2"], "'sup-2' is disabled"),
            (["users", "password", Op, "--by", "sup-2"], "'sup-2' is disabled"),
            (["users", "disable", Op, "--by", Op2], $"'{Op2}' was removed"),
            (["users", "disable", Op, "--by", ScriptedSupervisor], $"'{ScriptedSupervisor}' is a scripted user"),
            (["deployment", "cancel", "DEP-1", "--reason", "r", "--by", "sup-2"], "'sup-2' is disabled"),
            (["users", "disable", "nobody", "--by", Sup], "'nobody' is not a registered user"),
            (["users", "disable", "SUP-1", "--by", Sup], "'SUP-1' is not a registered user"),
            (["users", "enable", Op, "--by", Sup], $"user '{Op}' is not disabled"),
            (["users", "disable", Reviewer, "--by", Sup], $"user '{Reviewer}' is already disabled"),
            (["users", "disable", Sup, "--by", Sup], $"'{Sup}' is the last supervisor who can sign in"),
            (["users", "remove", Sup, "--by", Sup], $"'{Sup}' is the last supervisor who can sign in"),
            (["users", "disable", Op2, "--by", Sup], $"user '{Op2}' was removed"),
            (["users", "enable", Op2, "--by", Sup], $"user '{Op2}' was removed"),
            (["users", "remove", Op2, "--by", Sup], $"user '{Op2}' was removed"),
            (["users", "password", Op2, "--by", Sup], $"user '{Op2}' was removed"),
            (["users", "password", Scripted, "--by", Sup], $"'{Scripted}' is a scripted user"),
        ];
        foreach (var (args, said) in refusals)
        {
            var before = StoreSnapshot.Of(Db);
            var r = await Run(args);
            Assert.True(r.Exit == ExitCodes.BadInput, $"{string.Join(' ', args)}: {r}");
            Assert.Contains(said, Assert.Single(r.ErrorLines));
            Assert.StartsWith("error:", r.ErrorLines[0]);
            Assert.Equal(before, StoreSnapshot.Of(Db));
        }
    }

    [Fact]
    public async Task A_new_password_follows_the_rules_for_a_new_user_and_is_never_the_one_it_replaces()
    {
        const string first = "the first long passphrase";
        var added = await WithInput(first, "users", "add", "op-3", "--role", "operator", "--by", Sup, "--password-stdin");
        Assert.True(added.Exit == 0, added.ToString());
        foreach (var (input, said) in new (string?, string)[] { ("short", "too short"), (null, "no password on standard input"), (first, "is the one it replaces") })
        {
            var before = StoreSnapshot.Of(Db);
            var r = await WithInput(input, "users", "password", "op-3", "--by", Sup, "--password-stdin");
            Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
            Assert.Contains(said, Assert.Single(r.ErrorLines));
            Assert.Equal(before, StoreSnapshot.Of(Db));
        }
        var changed = await WithInput(NewPassword, "users", "password", "op-3", "--by", Sup, "--password-stdin");
        Assert.True(changed.Exit == 0, changed.ToString());
        var hashing = new IdentityPasswordHashing();
        Assert.True(hashing.Verify("op-3", Stored("op-3").PasswordHash, NewPassword));
        Assert.False(hashing.Verify("op-3", Stored("op-3").PasswordHash, first));
    }

    [Fact]
    public async Task A_removed_name_is_kept_never_given_again_and_a_removed_or_disabled_user_acts_no_more()
    {
        await Ok("users", "remove", Op2, "--by", Sup);
        foreach (var (name, said) in new[] { (Op2, $"user '{Op2}' already exists"), ("OP-2", $"differs from the registered user '{Op2}' only in case") })
        {
            var r = await WithInput("a long enough passphrase", "users", "add", name, "--role", "operator", "--by", Sup, "--password-stdin");
            Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
            Assert.Contains(said, Assert.Single(r.ErrorLines));
        }
        Assert.Equal("removed", (await Listed())[Op2].GetProperty("status").GetString());

        // Disabled, a user is refused as an actor; enabled again, they act.
        await Ok("users", "disable", Op, "--by", Sup);
        var refused = await Run("alerts", "adjudicate", "1", "--decision", "confirm", "--by", Op);
        Assert.Equal(ExitCodes.BadInput, refused.Exit);
        Assert.Contains($"'{Op}' is disabled", Assert.Single(refused.ErrorLines));
        await Ok("users", "enable", Op, "--by", Sup);
        var after = await Run("alerts", "adjudicate", "1", "--decision", "confirm", "--by", Op);
        Assert.Contains("alert 1", Assert.Single(after.ErrorLines)); // past who asks, to the alert (there is none)
    }

    [Fact]
    public async Task The_last_supervisor_who_can_sign_in_is_never_disabled_or_removed_whoever_asks()
    {
        using (var store = SqliteDatabase.Open(Db, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Testing.TestTimeline.RealNow)))
            new AccountService(store, new Testing.TestPasswordHashing(), new SignInThrottle(store.Clock)).Add("sup-2", Role.Supervisor, Testing.TestPasswordHashing.Password, Sup, "tests");
        // Two who can sign in: either may disable the other (or themselves); the scripted supervisor, who cannot sign in, does not count.
        await Ok("users", "disable", Sup, "--by", "sup-2");
        foreach (var change in new[] { "disable", "remove" })
        {
            var r = await Run("users", change, "sup-2", "--by", "sup-2");
            Assert.Equal(ExitCodes.BadInput, r.Exit);
            Assert.Contains("'sup-2' is the last supervisor who can sign in", Assert.Single(r.ErrorLines));
        }
        await Ok("users", "enable", Sup, "--by", "sup-2");
        await Ok("users", "remove", "sup-2", "--by", Sup);
        Assert.Contains("is the last supervisor", (await Run("users", "disable", Sup, "--by", Sup)).Error);
    }

    private static readonly string[] Hostile =
    [
        "", " ", "\t", "\u0000", "op-1\u0000", "sup-1\u0000", "\u001b[2J\u001b[31mred", "\u202eevil", "op-1\u202e", "a\nb", "op-1\nerror: forged",
        "\r", new string('x', 10_000), new string('\u001b', 10_000), "😀", "'; DROP TABLE users; --", "[red]x[/]", "SUP-1", "Op-1", "op_1", "op-1.",
    ];

    [Fact]
    public void A_hostile_name_or_supervisor_is_refused_in_one_line_exit_3_and_nothing_written()
    {
        string[] registered = [Sup, Op, Op2, Reviewer, Scripted, ScriptedSupervisor];
        var value = Gen.OneOf(Gen.Elements(Hostile), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null))
            // A token the command line itself reads as an option or a response file ('-x', '@file') is its usage error (exit 2), tried elsewhere.
            .Where(v => !registered.Contains(v.Trim(), StringComparer.Ordinal) && !v.StartsWith('-') && !v.StartsWith('@'));
        var cases = from command in Gen.Elements("disable", "enable", "remove", "password")
                    from slot in Gen.Elements("name", "by")
                    from v in value
                    select (Command: command, Args: slot == "name" ? new[] { "users", command, v, "--by", Sup } : ["users", command, Op, "--by", v]);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var before = StoreSnapshot.Of(Db);
            var r = Run(c.Args).GetAwaiter().GetResult();
            var shown = string.Join(' ', c.Args.Select(a => SafeText.Escape(a.Length > 40 ? a[..40] + "…" : a)));
            Assert.True(r.Exit == ExitCodes.BadInput, $"{shown}: {r}");
            var line = Assert.Single(r.ErrorLines);
            Assert.StartsWith("error:", line);
            Assert.False(SafeText.HasControlCharacters(r.Error.TrimEnd('\n')), $"{shown}: a control character on stderr");
            Assert.True(line.Length < 1_000, $"{shown}: a line of {line.Length} characters");
            Assert.Equal(before, StoreSnapshot.Of(Db));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(80));
    }
}
