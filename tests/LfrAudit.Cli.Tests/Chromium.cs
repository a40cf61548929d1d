using Microsoft.Playwright;

namespace LfrAudit.Cli.Tests;

/// <summary>Debian's Chromium as the console's browser tests drive it (LFR_CHROMIUM names another), and signing in to a console in it.</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright pw) => Testing.Browsers.HeadlessChromium.LaunchAsync(pw);

    /// <summary>A page of a new browser context (in <paramref name="timezone"/>), signed in to the console at <paramref name="console"/> as <paramref name="user"/>.</summary>
    public static async Task<IPage> SignedInAsync(IBrowser browser, Uri console, string user, string password, string timezone = "Europe/London")
    {
        var page = await (await browser.NewContextAsync(new() { TimezoneId = timezone, Locale = "en-US" })).NewPageAsync();
        await page.GotoAsync(new Uri(console, "/login").ToString());
        await page.FillAsync("#name", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        // Signed in when the page names the user: the console's header, or the review page's banner for a reviewer.
        await page.WaitForSelectorAsync($"#who:has-text('{user}'), header p:has-text('Signed in as {user}')");
        return page;
    }
}
