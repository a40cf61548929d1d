using System.Diagnostics;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>lfr users: names and passwords checked, nothing secret ever printed or logged, a name taken once.</summary>
[Trait("Category", "Dates")]
public class UsersCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private async Task<LfrResult> Add(string name, string role, string? password, string by = "admin")
    {
        var psi = Lfr.Process(null, "users", "add", name, "--role", role, "--by", by, "--password-stdin", "--db", _dir["store.db"], "--log-file", _dir["log.jsonl"]);
        psi.RedirectStandardInput = true;
        using var p = Process.Start(psi)!;
        if (password is not null) await p.StandardInput.WriteLineAsync(password);
        p.StandardInput.Close();
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new LfrResult(p.ExitCode, await o, await e);
    }

    [Fact]
    public async Task Users_are_checked_added_once_and_no_password_or_hash_is_ever_shown()
    {
        const string secret = "a long enough secret phrase";
        Assert.Equal(0, (await Add("op.one", "operator", secret)).Exit);
        var twice = await Add("op.one", "reviewer", secret);
        Assert.Equal((ExitCodes.BadInput, true), (twice.Exit, twice.Error.Contains("user 'op.one' already exists")));
        Assert.Contains("too short", (await Add("op.two", "operator", "short")).Error);
        Assert.Contains("not known", (await Add("op.three", "admin", secret)).Error);
        Assert.Contains("user name 'o p' is not valid", (await Add("o p", "operator", secret)).Error);
        Assert.Contains("user name '<script>' is not valid", (await Add("<script>", "operator", secret)).Error);
        Assert.Contains("no password", (await Add("op.four", "operator", null)).Error);

        // Until the store has a supervisor, the adder is recorded as named; from the first supervisor on, only a supervisor adds users.
        Assert.Equal(0, (await Add("sup.one", "supervisor", secret)).Exit);
        var byNobody = await Add("op.five", "operator", secret);
        Assert.Equal(ExitCodes.BadInput, byNobody.Exit);
        Assert.Contains("'admin' is not a registered user", byNobody.Error);
        var byOperator = await Add("op.five", "operator", secret, by: "op.one");
        Assert.Contains("'op.one' is an operator: only a supervisor may add users", byOperator.Error);
        Assert.Equal(0, (await Add("op.five", "operator", secret, by: "sup.one")).Exit);

        var list = await Lfr.Run("users", "list", "--json", "--db", _dir["store.db"]);
        Assert.Contains("\"name\":\"op.one\"", list.Out.Replace(" ", ""));
        // The store keeps a salted hash (Identity's format, version 3), never the password; nothing printed or logged carries either.
        var stored = File.ReadAllBytes(_dir["store.db"]);
        Assert.Equal(-1, System.Text.Encoding.UTF8.GetString(stored).IndexOf(secret, StringComparison.Ordinal));
        foreach (var text in new[] { list.Out, File.ReadAllText(_dir["log.jsonl"]) })
        {
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain("AQAAAA", text); // the hash's prefix
        }
    }
}
