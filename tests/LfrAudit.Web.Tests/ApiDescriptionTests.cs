using System.Net;
using System.Text.Json;

namespace LfrAudit.Web.Tests;

/// <summary>What another force system or a load balancer reads: the health check, the OpenAPI description, and the log.</summary>
public sealed class ApiDescriptionTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task The_health_check_answers_anyone_and_says_only_that_the_console_and_its_store_work()
    {
        using var browser = console.Browser();
        var answer = await browser.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Healthy", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_description_names_every_api_the_console_page_uses()
    {
        using var browser = console.Browser();
        var answer = await browser.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString());
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var used in new[] { "/api/session", "/api/alerts", "/api/alerts/stream", "/api/alerts/awaiting-outcome", "/api/alerts/{id}/decision",
                     "/api/alerts/{id}/outcome", "/api/alerts/{id}/probe.jpg", "/api/alerts/{id}/reference", "/api/deployments", "/api/oversight" })
            Assert.Contains(used, paths);
        // Every API the page calls (console.js) is described: none is left out of the document.
        var script = await browser.GetStringAsync("/console.js");
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(script, "\"(/api/[a-z/-]+)\""))
            Assert.Contains(m.Groups[1].Value, paths);
    }

    [Fact]
    public async Task Each_request_is_logged_with_its_path_status_and_user_and_never_a_password_or_a_token()
    {
        using var browser = console.Browser();
        await Browsers.SignIn(browser, "op.one", ConsoleFactory.Password);
        var session = await browser.GetStringAsync("/api/session");
        var csrf = JsonDocument.Parse(session).RootElement.GetProperty("csrf").GetString()!;
        var requests = console.Logged.Events.Where(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal)).Select(e => e.RenderMessage()).ToList();
        Assert.Contains(requests, r => r.StartsWith("HTTP \"POST\" \"/login\" answered 302", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.StartsWith("HTTP \"GET\" \"/api/session\" answered 200", StringComparison.Ordinal) && r.EndsWith("for \"op.one\"", StringComparison.Ordinal));
        var everything = string.Join("\n", console.Logged.Events.Select(e => e.RenderMessage() + string.Join(" ", e.Properties.Values)));
        Assert.DoesNotContain(ConsoleFactory.Password, everything);
        Assert.DoesNotContain(csrf, everything);
    }
}
