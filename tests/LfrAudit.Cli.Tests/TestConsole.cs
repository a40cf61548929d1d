using LfrAudit.Application.Accounts;
using LfrAudit.Governance.Accounts;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web;
using LfrAudit.Web.Security;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// A console over a copy of the seeded store, as the console tests drive it: four users (sup.one, op.one, op.two, iag.one,
/// one password) added by the store's registered supervisor, no operator assigned to any deployment, a one-page public site, and the store's own key for the IAG page.
/// </summary>
internal static class TestConsole
{
    public const string Password = "correct horse battery staple";

    /// <summary>Starts the console; <paramref name="adjust"/> changes its settings (outbound events, say) before it starts.</summary>
    public static async Task<OperatorConsole> StartAsync(SqliteDatabase db, TempDir dir, TimeProvider clock, string? imagesRoot = null,
        Func<ConsoleSettings, ConsoleSettings>? adjust = null)
    {
        var accounts = new AccountService(db, new IdentityPasswordHashing(), new SignInThrottle(clock));
        foreach (var (name, role, by) in new[] { ("sup.one", Role.Supervisor, TestUsers.Supervisor), ("op.one", Role.Operator, "sup.one"), ("op.two", Role.Operator, "sup.one"),
                     ("iag.one", Role.Reviewer, "sup.one") })
            accounts.Add(name, role, Password, by);
        var site = Directory.CreateDirectory(dir["site"]).FullName;
        File.WriteAllText(Path.Combine(site, "index.html"), "<!doctype html><title>Public site</title><h1>Deployments</h1>");
        var settings = new ConsoleSettings
        {
            Listen = new Uri("http://127.0.0.1:0"), ImagesRoot = imagesRoot, PublicSite = site,
            TrustedAuditKeyPem = File.ReadAllText(dir[Application.Audit.AuditKeys.PublicFile]), TrustedAuditKeySource = "the store's own key",
        };
        return await OperatorConsole.StartAsync(db, adjust is null ? settings : adjust(settings));
    }
}
