using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Accounts;
using LfrAudit.Governance.Accounts;

namespace LfrAudit.Web.Tests;

/// <summary>
/// Another force system on the API with a key a supervisor issued: it reads what its role reads, never decides an alert,
/// never opens a page, is refused at its next call once revoked, and a key that is not exactly one issued is refused in
/// one problem-details answer that names nothing of why (and is logged by its id, never its secret).
/// </summary>
public sealed class ApiKeyTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private IssuedApiKey Issue(Role role) => new ApiKeyService(console.Store).Issue($"client-{Guid.NewGuid():N}"[..20], role, "sup.one", "web tests");

    private HttpClient Client(string key)
    {
        var client = console.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task A_supervisors_key_reads_the_queue_deployments_and_oversight_and_may_not_decide_or_review()
    {
        using var client = Client(Issue(Role.Supervisor).Token.ToString());
        foreach (var path in new[] { "/api/alerts", "/api/deployments", "/api/oversight" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        // Decisions are a person's: the role a key holds never allows one, whatever the body, and no anti-forgery token helps.
        var decide = await client.PostAsync("/api/alerts/1/decision", JsonContent("""{"decision":"confirm"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, decide.StatusCode);
        Assert.Equal("application/problem+json", decide.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no key decides an alert", await decide.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/alerts/awaiting-outcome")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/alerts/1/probe.jpg")).StatusCode);
        // A key has no use on a page: it is not a session, and the page asks for a sign-in.
        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_reviewers_key_reads_the_exports_and_nothing_an_operator_or_supervisor_reads()
    {
        using var client = Client(Issue(Role.Reviewer).Token.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/iag/exports")).StatusCode);
        foreach (var path in new[] { "/api/alerts", "/api/deployments", "/api/oversight" })
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
        // An upload needs no anti-forgery token from a key (nothing ambient to forge); this console keeps no exports, so it says so.
        var upload = await client.PostAsync("/api/iag/exports", new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.Conflict, upload.StatusCode);
        Assert.Contains("keeps no exports", await upload.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_its_next_call_and_its_open_stream_ends()
    {
        var issued = Issue(Role.Supervisor);
        using var client = Client(issued.Token.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/oversight")).StatusCode);
        using var stream = await client.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var reading = (await stream.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);

        new ApiKeyService(console.Store).Revoke(issued.Key.Id.Value, "sup.one", "web tests");
        var refused = await client.GetAsync("/api/oversight");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("not one this console accepts", await refused.Content.ReadAsStringAsync());
        // The stream checks its key as it goes (at least once a second): it ends rather than go on pushing alerts.
        Assert.Same(reading, await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task A_key_changed_in_any_one_character_or_any_other_text_is_refused_in_one_answer_and_never_logged()
    {
        var issued = Issue(Role.Supervisor);
        var token = issued.Token.ToString();
        var presented = new List<string>();
        var oneChanged = from at in Gen.Choose(0, token.Length - 1)
                         from c in Gen.Elements("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_".ToCharArray())
                         where token[at] != c
                         select token[..at] + c + token[(at + 1)..];
        var anyText = ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(s => new string(s.Where(c => c is >= ' ' and < '\u007f').ToArray()));
        var cut = Gen.Choose(0, token.Length - 1).Select(n => token[..n]);
        Prop.ForAll(Gen.OneOf(oneChanged, anyText, cut).ToArbitrary(), key =>
        {
            presented.Add(key);
            using var client = console.Browser();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + key);
            var answer = client.GetAsync("/api/oversight").GetAwaiter().GetResult();
            var body = answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            return answer.StatusCode == HttpStatusCode.Unauthorized && JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32() == 401;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
        Assert.Equal(HttpStatusCode.OK, (await Client(token).GetAsync("/api/oversight")).StatusCode);

        // Each refusal is logged with the key's id when it names one, never with what was presented.
        var logged = string.Join("\n", console.Logged.Events.Select(e => e.RenderMessage()));
        Assert.Contains($"API key \"{issued.Key.Id}\" refused", logged);
        Assert.DoesNotContain(issued.Token.Secret, logged);
        Assert.DoesNotContain(presented.Where(p => p.Length > 30), p => logged.Contains(p, StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_is_never_an_operators_and_the_store_holds_only_its_hash()
    {
        var service = new ApiKeyService(console.Store);
        Assert.Contains("never an operator's", Assert.Throws<Core.Problems.LfrInputException>(() => service.Issue("pnc-bridge", Role.Operator, "sup.one", "t")).Message);
        Assert.Contains("only a supervisor", Assert.Throws<Core.Problems.LfrInputException>(() => service.Issue("pnc-bridge", Role.Reviewer, "op.one", "t")).Message);
        var issued = Issue(Role.Reviewer);
        // The log holds the issue, without the secret or its hash.
        Assert.Contains(console.Store.Audit.Entries(), e => e.Contains("\"type\":\"apikey.issued\"") && e.Contains(issued.Key.Id.Value));
        Assert.DoesNotContain(console.Store.Audit.Entries(), e => e.Contains(issued.Token.Secret, StringComparison.Ordinal) || e.Contains(issued.Key.SecretHash, StringComparison.Ordinal));
        Assert.Equal(ApiKey.HashOf(issued.Token.Secret), console.Store.ApiKeys.Find(issued.Key.Id)!.SecretHash);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
