using System.Text;
using System.Text.Json;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// lfr apikeys issue | revoke | list: a supervisor issues a key to a named system with a machine's role and it is printed
/// once; the store and its log never hold the secret (the file, its WAL and its log are searched); a revocation is one
/// entry and final; every refusal is one line, exit 3, with nothing written; and the log still reads as the product's.
/// </summary>
[Trait("Category", "Dates")]
public sealed class ApiKeysCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private string Db => _dir["store.db"];

    public ApiKeysCommandTests() => TestUsers.In(Db);

    public void Dispose() => _dir.Dispose();

    private Task<LfrResult> Run(params string[] args) => Lfr.Run([.. args, "--db", Db]);

    private List<AuditEntry> Entries()
    {
        using var store = SqliteDatabase.Open(Db, TimeProvider.System, StoreAccess.Read);
        var list = new List<AuditEntry>();
        foreach (var line in store.Audit.Entries()) if (AuditEntry.TryParse(line, out var e, out _)) list.Add(e);
        return list;
    }

    [Fact]
    public async Task A_key_is_printed_once_never_stored_listed_revoked_once_and_the_log_reads_as_the_products()
    {
        var issued = await Run("apikeys", "issue", "pnc-bridge", "--role", "supervisor", "--by", TestUsers.Supervisor, "--json");
        Assert.True(issued.Exit == 0, issued.ToString());
        var json = JsonDocument.Parse(issued.Out).RootElement;
        var (id, key) = (json.GetProperty("id").GetString()!, json.GetProperty("key").GetString()!);
        Assert.StartsWith($"lfr_{id}_", key);
        var secret = key[$"lfr_{id}_".Length..];
        Assert.Equal(43, secret.Length);

        var plain = await Run("apikeys", "issue", "dashboard", "--role", "reviewer", "--by", TestUsers.Supervisor);
        Assert.True(plain.Exit == 0, plain.ToString());
        Assert.Matches(@"^lfr_k[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", plain.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);

        var listed = await Run("apikeys", "list", "--json");
        var keys = JsonDocument.Parse(listed.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(("pnc-bridge", "supervisor", TestUsers.Supervisor), (keys[0].GetProperty("client").GetString(), keys[0].GetProperty("role").GetString(), keys[0].GetProperty("issued_by").GetString()));
        Assert.DoesNotContain(secret, listed.Out);

        var revoked = await Run("apikeys", "revoke", id, "--by", TestUsers.Supervisor);
        Assert.True(revoked.Exit == 0, revoked.ToString());
        Assert.Contains($"API key {id} (pnc-bridge) revoked", revoked.Out);
        var again = await Run("apikeys", "revoke", id, "--by", TestUsers.Supervisor);
        Assert.Equal(3, again.Exit);
        Assert.Contains("revocation is final", again.Error);

        var entries = Entries();
        var mine = entries.Where(e => e.Type.StartsWith("apikey.", StringComparison.Ordinal)).ToList();
        Assert.Equal([ApiKeyIssued.TypeName, ApiKeyIssued.TypeName, ApiKeyRevoked.TypeName], mine.Select(e => e.Type));
        Assert.Equal(["at", "by", "client", "key", "role", "via"], mine[0].Data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(LogContents.Read(entries).Ok, string.Join("\n", LogContents.Read(entries).Problems));

        // Nothing the run left behind holds the secret: the store, its WAL and journal, the keys beside it.
        foreach (var file in Directory.GetFiles(_dir.Path))
            Assert.False(File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0, $"{Path.GetFileName(file)} holds the key's secret");
    }

    [Theory]
    [InlineData("issue pnc-bridge --role operator --by sup-1", "never an operator's")]
    [InlineData("issue pnc-bridge --role supervisor --by op-1", "only a supervisor may issue and revoke API keys")]
    [InlineData("issue pnc-bridge --role supervisor --by nobody", "is not a registered user")]
    [InlineData("issue a --role reviewer --by sup-1", "name the system the key is for")]
    [InlineData("issue pnc-bridge --role admin --by sup-1", "role 'admin' is not known")]
    [InlineData("revoke k0123456789abcdef --by sup-1", "was never issued")]
    [InlineData("revoke lfr_k0123456789abcdef_secret --by sup-1", "is not an API key's id")]
    public async Task A_refusal_is_one_line_exit_3_and_writes_nothing(string args, string said)
    {
        var before = Entries().Count;
        var r = await Run(["apikeys", .. args.Split(' ')]);
        Assert.Equal(3, r.Exit);
        Assert.Contains(said, r.Error);
        Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", r.Out);
        Assert.Equal(before, Entries().Count);
    }
}
