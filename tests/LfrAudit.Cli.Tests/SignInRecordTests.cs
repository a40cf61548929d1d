using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Accounts;
using LfrAudit.Governance.Accounts;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Testing;
using LfrAudit.Web.Security;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// What an attacker at the sign-in form can learn and leave behind: a refusal costs the same password check whether
/// the name exists or not (counted, with the real hasher: one verification of a hash of the same kind); a name that is
/// no user's — a password typed into the name field — never reaches the append-only log, only a short hash of it; and
/// while an address is locked out, hammering the form adds one entry, not one per attempt.
/// </summary>
[Trait("Category", "Dates")]
public sealed class SignInRecordTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _clock = new(TestTimeline.FromNow().At(0, 9));
    private readonly SqliteDatabase _db;
    private readonly CountingHashing _hashing = new();

    public SignInRecordTests()
    {
        _db = SqliteDatabase.Open(_dir["store.db"], _clock);
        new AccountService(_db, _hashing, new SignInThrottle(_clock)).Add("op.one", Role.Operator, Password, "admin");
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    /// <summary>The real hasher, counting its verifications and noting the kind of hash each was of (its header bytes).</summary>
    private sealed class CountingHashing : IPasswordHashing
    {
        private readonly IdentityPasswordHashing _real = new();
        private readonly Lock _gate = new();
        public List<string> Verified { get; } = [];
        public string Hash(string userName, string password) => _real.Hash(userName, password);
        public bool Verify(string userName, string hash, string password)
        {
            lock (_gate) Verified.Add(Convert.ToHexString(Convert.FromBase64String(hash).AsSpan(0, 13))); // format marker, PRF, iteration count, salt size
            return _real.Verify(userName, hash, password);
        }
    }

    private static readonly Gen<string> Typed = Gen.OneOf(
        Gen.Elements("op.two", "admin", "root", "OP.ONE", "op.one ", Password, "hunter2-hunter2", "", "\u001b[2J", "a\u0000b", "<script>", new string('x', 5000)),
        Gen.Choose(0, 0xD7FF).Select(c => (char)c).ArrayOf().Select(c => new string(c)));

    [Fact]
    public void A_disabled_or_removed_user_with_the_right_password_is_refused_as_a_wrong_password_is()
    {
        new AccountService(_db, _hashing, new SignInThrottle(_clock)).Add("sup.one", Role.Supervisor, Password, "admin");
        var users = new UserManagement(_db, _hashing);
        // What a wrong password gets: the words, one check of a hash of this kind, the entry.
        (string? Refusal, string Checked, string Data) Attempt(string password)
        {
            var accounts = new AccountService(_db, _hashing, new SignInThrottle(_clock));
            _hashing.Verified.Clear();
            var before = _db.Audit.Size;
            var result = accounts.SignIn("op.one", password, "192.0.2.3");
            var entry = System.Text.Json.Nodes.JsonNode.Parse(_db.Audit.Entries().Skip((int)before).Single())!;
            return (result.Refusal, _hashing.Verified.Single(), $"{entry["type"]} {entry["data"]!["user"]} {entry["data"]!["from"]}");
        }
        var wrong = Attempt("a wrong password");
        Assert.Equal(("the name or password is not right", "user.sign_in_refused op.one 192.0.2.3"), (wrong.Refusal, wrong.Data));

        users.Disable("op.one", "sup.one", "tests");
        Assert.Equal(wrong, Attempt(Password));
        users.Enable("op.one", "sup.one", "tests");
        Assert.Equal((null, wrong.Checked, "user.signed_in op.one 192.0.2.3"), Attempt(Password));
        users.Remove("op.one", "sup.one", "tests");
        Assert.Equal(wrong, Attempt(Password));
    }

    [Fact]
    public void A_name_that_is_no_users_costs_the_same_check_and_only_its_hash_is_recorded()
    {
        Prop.ForAll(Typed.Where(t => t != "op.one").ToArbitrary(), typed =>
        {
            // A fresh address and throttle each time, so every attempt is checked rather than locked out.
            var accounts = new AccountService(_db, _hashing, new SignInThrottle(_clock));
            _hashing.Verified.Clear();
            Assert.False(accounts.SignIn("op.one", "a wrong password", "192.0.2.1").Succeeded);
            var known = _hashing.Verified.Single();
            _hashing.Verified.Clear();
            var before = _db.Audit.Size;
            var refused = accounts.SignIn(typed, Password, "192.0.2.2");
            Assert.False(refused.Succeeded);
            Assert.Equal("the name or password is not right", refused.Refusal);
            Assert.Equal(known, _hashing.Verified.Single());
            var entry = _db.Audit.Entries().Skip((int)before).Single();
            Assert.Contains(accounts.UnknownName(typed), entry);
            if (typed.Length >= 4) Assert.DoesNotContain(typed, entry);
            // Keyed, not a plain digest anyone could test a word list against: another console names it otherwise.
            var plain = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(typed)))[..8];
            Assert.DoesNotContain(plain, entry);
            Assert.NotEqual(accounts.UnknownName(typed), new AccountService(_db, _hashing, new SignInThrottle(_clock)).UnknownName(typed));
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(15));
    }

    [Fact]
    public void Attempts_sent_all_at_once_are_held_to_the_same_limits()
    {
        var accounts = new AccountService(_db, _hashing, new SignInThrottle(_clock));
        _hashing.Verified.Clear();
        var before = _db.Audit.Size;
        Parallel.For(0, 120, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i => accounts.SignIn(i % 2 == 0 ? "op.one" : $"guess-{i}", "wrong, all of them", "203.0.113.9"));
        // Five checks at most for the one name, twenty for the address; one more entry for the lock.
        Assert.InRange(_hashing.Verified.Count, 1, 20);
        Assert.InRange(_db.Audit.Size - before, 1, 22);
        Assert.False(accounts.SignIn("op.one", Password, "203.0.113.10").Succeeded); // the name is locked wherever it is tried from
    }

    [Fact]
    public void Hammering_a_locked_form_records_one_refusal_not_one_per_attempt()
    {
        var accounts = new AccountService(_db, _hashing, new SignInThrottle(_clock));
        var before = _db.Audit.Size;
        for (int i = 0; i < 60; i++) accounts.SignIn($"guess-{i}", "whatever it is", "198.51.100.7");
        // 20 refusals from one address lock it (SignInThrottle: five per name, four times that per address); then one more entry.
        Assert.Equal(21, _db.Audit.Size - before);
        _clock.Advance(TimeSpan.FromMinutes(16));
        accounts.SignIn("guess-x", "whatever it is", "198.51.100.7");
        Assert.Equal(22, _db.Audit.Size - before);
    }
}
