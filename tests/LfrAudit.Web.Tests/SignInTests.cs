using System.Net;
using System.Text.Json;

namespace LfrAudit.Web.Tests;

/// <summary>Signing in and out of the console, in process: who gets in, what a refusal says, and what the log keeps.</summary>
public sealed class SignInTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task A_named_user_signs_in_with_the_form_and_signing_out_ends_that_cookie_for_good()
    {
        using var browser = console.Browser();
        var signedIn = await Browsers.SignIn(browser, "op.one", ConsoleFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        var session = JsonDocument.Parse(await browser.GetStringAsync("/api/session")).RootElement;
        Assert.Equal(("op.one", "operator"), (session.GetProperty("user").GetString(), session.GetProperty("role").GetString()));

        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = session.GetProperty("csrf").GetString()! }),
        };
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SendAsync(signOut)).StatusCode);
        // The same cookie, replayed: the session it named is gone, not just forgotten by the browser.
        Assert.Equal(HttpStatusCode.Unauthorized, await Browsers.Session(browser));
    }

    [Fact]
    public async Task A_reviewer_goes_to_the_review_form_which_names_them_and_offers_no_decision()
    {
        using var browser = console.Browser();
        var signedIn = await Browsers.SignIn(browser, "iag.one", ConsoleFactory.Password);
        Assert.Equal("/iag", signedIn.Headers.Location!.OriginalString);
        var page = await browser.GetStringAsync("/iag");
        Assert.Contains("Signed in as iag.one (read-only)", page);
        Assert.Contains("<form method=\"post\" action=\"/iag\">", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/alerts")).StatusCode);
    }

    [Fact]
    public async Task Without_a_session_an_api_answers_401_and_a_page_sends_to_sign_in_on_a_path_that_names_no_host()
    {
        using var browser = console.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, await Browsers.Session(browser));
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Host = "attacker.example";
        var answer = await browser.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2F", answer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Every_answer_carries_the_console_s_security_headers()
    {
        using var browser = console.Browser();
        foreach (var path in new[] { "/login", "/api/session", "/console.css" })
        {
            var answer = await browser.GetAsync(path);
            Assert.Contains("default-src 'self'", answer.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.False(answer.Headers.Contains("Server"), path);
        }
    }

    [Fact]
    public async Task A_form_without_its_token_is_refused_as_a_request_from_elsewhere()
    {
        using var browser = console.Browser();
        await browser.GetAsync("/login"); // the token's cookie, but not the token
        var answer = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "op.one", ["password"] = ConsoleFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await Browsers.Session(browser));
    }
}
