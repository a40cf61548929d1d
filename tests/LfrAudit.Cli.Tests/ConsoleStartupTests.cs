using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FsCheck;
using FsCheck.Fluent;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// Starting the console: whatever is wrong with the HTTPS certificate — missing, a folder, a FIFO (which would block a
/// read for ever), a device, too large, not PKCS#12, the wrong or no password, no private key, expired or not valid
/// yet — is one line naming the file and exit 3, within seconds; one ending within two weeks is warned of; and an
/// address that reaches the network is announced as such, with a warning when it is plain HTTP.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConsoleStartupTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private enum BadCertificate { Missing, Folder, Fifo, Device, Huge, RandomBytes, WrongPassword, NoPasswordGiven, NoPrivateKey, Empty, Expired, NotYetValid }

    private string Make(BadCertificate kind, int n, byte[] noise)
    {
        var path = _dir[$"cert-{n}.pfx"];
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        switch (kind)
        {
            case BadCertificate.Missing: break;
            case BadCertificate.Folder: Directory.CreateDirectory(path); break;
            case BadCertificate.Fifo:
                using (var mkfifo = Process.Start("mkfifo", [path])!) { mkfifo.WaitForExit(); Assert.Equal(0, mkfifo.ExitCode); }
                break;
            case BadCertificate.Device: return "/dev/zero";
            case BadCertificate.Huge: using (var f = File.Create(path)) f.SetLength(64L * 1024 * 1024); break;
            case BadCertificate.RandomBytes: File.WriteAllBytes(path, noise); break;
            case BadCertificate.Empty: File.WriteAllBytes(path, []); break;
            case BadCertificate.WrongPassword or BadCertificate.NoPasswordGiven:
                using (var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)))
                    File.WriteAllBytes(path, cert.Export(X509ContentType.Pkcs12, "the real password"));
                break;
            case BadCertificate.Expired:
                using (var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddMinutes(-1)))
                    File.WriteAllBytes(path, cert.Export(X509ContentType.Pkcs12));
                break;
            case BadCertificate.NotYetValid:
                using (var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(30)))
                    File.WriteAllBytes(path, cert.Export(X509ContentType.Pkcs12));
                break;
            case BadCertificate.NoPrivateKey:
                using (var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)))
                using (var publicOnly = X509CertificateLoader.LoadCertificate(cert.Export(X509ContentType.Cert)))
                    File.WriteAllBytes(path, publicOnly.Export(X509ContentType.Pkcs12));
                break;
        }
        return path;
    }

    [Fact]
    public void Every_kind_of_bad_certificate_is_one_line_and_exit_3_within_seconds()
    {
        int n = 0;
        var cases = from kind in Gen.Elements(Enum.GetValues<BadCertificate>())
                    from length in Gen.Choose(1, 4000)
                    from noise in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
                    select (Kind: kind, Noise: noise);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var path = Make(c.Kind, Interlocked.Increment(ref n), c.Noise);
            var env = "LFR_TEST_CERT_PASSWORD";
            Environment.SetEnvironmentVariable(env, c.Kind == BadCertificate.WrongPassword ? "not the password" : null);
            string[] args = ["console", "--listen", "https://127.0.0.1:0", "--certificate", path, "--db", _dir[$"store-{n}.db"],
                .. c.Kind == BadCertificate.WrongPassword ? new[] { "--certificate-password-env", env } : []];
            var run = Lfr.Run(args);
            Assert.True(run.Wait(TimeSpan.FromSeconds(30)), $"{c.Kind}: still running after 30 s");
            var r = run.Result;
            Assert.True(r.Exit == 3, $"{c.Kind}: {r}");
            Assert.Single(r.ErrorLines);
            Assert.Contains(path, r.Error);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Fact]
    public async Task A_certificate_ending_within_two_weeks_is_warned_of_at_start_and_one_ending_later_is_not()
    {
        string Certificate(string name, TimeSpan left)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow + left);
            File.WriteAllBytes(_dir[name], cert.Export(X509ContentType.Pkcs12));
            return _dir[name];
        }
        var (_, soon) = await FirstWords("console", "--listen", "https://127.0.0.1:0", "--certificate", Certificate("soon.pfx", TimeSpan.FromDays(3)), "--db", _dir["c.db"]);
        Assert.Contains(soon, l => l.StartsWith("warning: the HTTPS certificate expires on", StringComparison.Ordinal));
        var (_, later) = await FirstWords("console", "--listen", "https://127.0.0.1:0", "--certificate", Certificate("later.pfx", TimeSpan.FromDays(60)), "--db", _dir["d.db"]);
        Assert.DoesNotContain(later, l => l.StartsWith("warning:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://192.0.2.1:0")]        // TEST-NET-1: no address of this machine
    [InlineData("http://[fe80::1]:0")]        // link-local without a zone
    [InlineData("http://224.0.0.1:0")]        // multicast
    [InlineData("http://255.255.255.255:0")]  // broadcast
    public async Task An_address_the_console_cannot_listen_on_is_one_line_and_exit_3(string listen)
    {
        var r = await Lfr.Run("console", "--listen", listen, "--db", _dir["s.db"]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(r.Exit == 3, r.ToString());
        Assert.Single(r.ErrorLines);
        Assert.Contains(listen.Replace(":0", "", StringComparison.Ordinal).Split("//")[1], r.Error);
    }

    [Fact]
    public async Task A_password_variable_that_is_not_set_is_said_so()
    {
        var r = await Lfr.Run("console", "--listen", "https://127.0.0.1:0", "--certificate", _dir["none.pfx"], "--certificate-password-env", "LFR_NO_SUCH_VARIABLE_X", "--db", _dir["s.db"]);
        Assert.Equal(3, r.Exit);
        Assert.Contains("'LFR_NO_SUCH_VARIABLE_X' is not set", r.Error);
    }

    [Theory]
    [InlineData("--webhook", "ftp://127.0.0.1/hook", "give an http:// or https:// URL")]
    [InlineData("--webhook", "https://user:secret@127.0.0.1/hook", "without a user name or password")]
    [InlineData("--webhook", "http://127.0.0.1:9/hook", "--webhook-secret-file")]
    [InlineData("--webhook-secret-file", "secret.txt", "without --webhook")]
    [InlineData("--mqtt", "http://127.0.0.1:1883", "give mqtt://HOST:PORT")]
    [InlineData("--mqtt", "mqtt://127.0.0.1:1883/topic", "give mqtt://HOST:PORT")]
    [InlineData("--mqtt", "not a url\u001b[31m", "give mqtt://HOST:PORT")]
    public async Task An_event_destination_that_cannot_be_used_is_one_line_and_exit_3_before_the_console_starts(string option, string value, string said)
    {
        File.WriteAllText(_dir["secret.txt"], "a shared secret of enough length");
        value = value.Replace("secret.txt", _dir["secret.txt"], StringComparison.Ordinal);
        var r = await Lfr.Run("console", "--listen", "http://127.0.0.1:0", option, value, "--db", _dir["s.db"]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(r.Exit == 3, r.ToString());
        Assert.Single(r.ErrorLines);
        Assert.Contains(said, r.Error);
        Assert.DoesNotContain("\u001b", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_brokers_password_is_refused_never_echoed_and_console_options_without_a_console_are_refused()
    {
        var r = await Lfr.Run("console", "--listen", "http://127.0.0.1:0", "--mqtt", "mqtt://user:hunter2secret@127.0.0.1:1883", "--db", _dir["s.db"]);
        Assert.True(r.Exit == 3, r.ToString());
        Assert.Contains("a user name or password is not supported", r.Error);
        var bad = await Lfr.Run("console", "--listen", "http://127.0.0.1:0", "--webhook", "ftp://user:hunter2secret@127.0.0.1/x", "--db", _dir["s.db"]);
        Assert.True(bad.Exit == 3, bad.ToString());
        Assert.DoesNotContain("hunter2secret", r.Error + bad.Error, StringComparison.Ordinal);
        // lfr serve without --console: its events would go nowhere, so the options are refused before any camera starts.
        var serve = await Lfr.Run("serve", "DEP-X", "--camera", "van-1=x.mp4", "--webhook", "http://127.0.0.1:9/hook", "--db", _dir["s.db"]);
        Assert.True(serve.Exit == 3, serve.ToString());
        Assert.Contains("--webhook is for the operators' console: give --console ADDRESS too", serve.Error);
    }

    [Fact]
    public async Task A_webhook_secret_too_short_or_not_a_file_is_said_so()
    {
        File.WriteAllText(_dir["short.txt"], "too short");
        var r = await Lfr.Run("console", "--listen", "http://127.0.0.1:0", "--webhook", "http://127.0.0.1:9/hook", "--webhook-secret-file", _dir["short.txt"], "--db", _dir["s.db"]);
        Assert.True(r.Exit == 3, r.ToString());
        Assert.Contains("must be 16 to 4,096 bytes (it is 9)", r.Error);
        var folder = await Lfr.Run("console", "--listen", "http://127.0.0.1:0", "--webhook", "http://127.0.0.1:9/hook", "--webhook-secret-file", _dir.Path, "--db", _dir["s.db"]);
        Assert.True(folder.Exit == 3, folder.ToString());
        Assert.Contains("is not a regular file", folder.Error);
    }

    private static async Task<(List<string> Out, List<string> Error)> FirstWords(params string[] args)
    {
        using var p = Process.Start(Lfr.Process(null, args))!;
        var output = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (!output.Any(l => l.StartsWith("sign in", StringComparison.Ordinal)) && !p.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100);
        var exited = p.HasExited;
        if (!exited) { p.Kill(entireProcessTree: true); await p.WaitForExitAsync(); }
        Assert.False(exited, $"the console stopped: {string.Join("\n", output.Concat(errors))}");
        return (output.ToList(), errors.ToList());
    }

    [Fact]
    public async Task Every_interface_over_plain_HTTP_is_announced_as_such_with_a_warning_and_loopback_without()
    {
        var (everywhere, warned) = await FirstWords("console", "--listen", "http://0.0.0.0:0", "--db", _dir["a.db"]);
        Assert.Contains(everywhere, l => l.StartsWith("console on http://0.0.0.0:", StringComparison.Ordinal) && l.Contains("every network interface"));
        Assert.Contains(warned, l => l.StartsWith("warning:", StringComparison.Ordinal) && l.Contains("plain HTTP"));

        var (local, quiet) = await FirstWords("console", "--listen", "http://127.0.0.1:0", "--db", _dir["b.db"]);
        Assert.Contains(local, l => l.StartsWith("console on http://127.0.0.1:", StringComparison.Ordinal) && l.Contains("this machine only"));
        Assert.DoesNotContain(quiet, l => l.StartsWith("warning:", StringComparison.Ordinal));
    }
}
