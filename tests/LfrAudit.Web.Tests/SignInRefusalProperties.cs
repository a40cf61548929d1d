using System.Net;
using FsCheck;
using FsCheck.Fluent;

namespace LfrAudit.Web.Tests;

/// <summary>
/// Refused sign-ins, generated. A console of their own: twenty refusals from one address hold that address back a while
/// (SignInThrottle), which must not reach the other tests' sign-ins.
/// </summary>
public sealed class SignInRefusalProperties(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    /// <summary>
    /// Whatever is typed into the form (names and passwords of any characters, markup included), a refusal is one 401 page
    /// that shows the reason encoded, signs no one in, and leaves no typed password in the audit log.
    /// </summary>
    [Fact]
    public void Any_name_and_password_that_are_not_a_user_s_are_refused_alike_and_the_password_is_never_logged()
    {
        // Never a real user's name: five refusals for one name hold that name back a while (SignInThrottle).
        var typed = Gen.Elements("<b>", "op.", "\"quoted\"", "&amp;", "Zoë", "x", "' or 1=1 --", "sup", "<script>", "iag", " ")
            .ArrayOf().Select(p => "no-such-" + string.Concat(p));
        var secret = Gen.Choose(0, int.MaxValue).Select(n => $"secret-{n:x8}-passphrase");
        Prop.ForAll(typed.ToArbitrary(), secret.ToArbitrary(), (name, password) =>
        {
            using var browser = console.Browser();
            var answer = Browsers.SignIn(browser, name, password).GetAwaiter().GetResult();
            var page = answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            var refusedAlike = answer.StatusCode == HttpStatusCode.Unauthorized && page.Contains("role=\"alert\"", StringComparison.Ordinal)
                && !page.Contains("<script>", StringComparison.Ordinal) && !page.Contains("<b>", StringComparison.Ordinal);
            var noOneIn = Browsers.Session(browser).GetAwaiter().GetResult() == HttpStatusCode.Unauthorized;
            var logged = console.Store.Audit.Entries().Any(e => e.Contains(password, StringComparison.Ordinal));
            return (refusedAlike && noOneIn && !logged).Label($"{answer.StatusCode}, signed in: {!noOneIn}, password in the log: {logged}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }
}
