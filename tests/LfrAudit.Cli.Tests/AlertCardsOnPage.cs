using System.Globalization;
using System.Text.Json;
using LfrAudit.Application.Accounts;
using LfrAudit.Governance.Accounts;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web.Security;
using Microsoft.Playwright;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// An operator of a live deployment watching its alerts arrive on their page, as the tests that time pushed alerts drive
/// one: the operator added and assigned; each alert card noted by the page's clock (this machine's) when it first appears.
/// </summary>
internal static class AlertCardsOnPage
{
    /// <summary>Adds <paramref name="name"/> as an operator (the test password) and assigns them to <paramref name="deployment"/>'s alerts.</summary>
    public static void AddOperator(SqliteDatabase db, TimeProvider clock, string name, string deployment)
    {
        new AccountService(db, new IdentityPasswordHashing(), new SignInThrottle(clock)).Add(name, Role.Operator, TestConsole.Password, TestUsers.Supervisor);
        Application.UseCases.Deployments(db, LfrAudit.Vision.Catalogue.ModelCatalogue.Embedded)
            .AssignOperator(new Core.Identifiers.DeploymentId(deployment), name, TestUsers.Supervisor, "lfr on test");
    }

    /// <summary>From now on, the page notes when each alert card first appears (milliseconds since the epoch).</summary>
    public static Task WatchAsync(IPage page) => page.EvaluateAsync("""
        () => {
          window.seen = {};
          const note = () => { for (const li of document.querySelectorAll("li.alert[id^=alert-]")) if (!(li.id in window.seen)) window.seen[li.id] = Date.now(); };
          new MutationObserver(note).observe(document.body, { subtree: true, childList: true });
          note();
        }
        """);

    /// <summary>Each alert the page has shown, by id, and when it first appeared (milliseconds since the epoch).</summary>
    public static async Task<Dictionary<long, long>> SeenAsync(IPage page)
    {
        var seen = await page.EvaluateAsync<JsonElement>("() => Object.entries(window.seen)");
        return seen.EnumerateArray().ToDictionary(p => long.Parse(p[0].GetString()!["alert-".Length..], CultureInfo.InvariantCulture), p => (long)p[1].GetDouble());
    }
}
