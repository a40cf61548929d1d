using System.Net;
using System.Text.RegularExpressions;

namespace LfrAudit.Web.Tests;

/// <summary>What a browser does on the console's pages: read the form's token, post the form, read the session.</summary>
internal static partial class Browsers
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public static async Task<string> FormToken(HttpClient browser, string page = "/login")
    {
        var html = await browser.GetStringAsync(page);
        return WebUtility.HtmlDecode(TokenField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"{page} has no form token:\n{html}"));
    }

    public static async Task<HttpResponseMessage> SignIn(HttpClient browser, string name, string password)
    {
        var token = await FormToken(browser);
        return await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<HttpStatusCode> Session(HttpClient browser) => (await browser.GetAsync("/api/session")).StatusCode;
}
