using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Audit;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The console's public site serves the site folder's own regular files and nothing else: a link placed inside it —
/// at any depth, to a file or a folder, relative or absolute, chained, to the audit signing key beside the site, to
/// /proc, /dev or /etc, even to another file of the site — is 404, as are hard links, FIFOs and paths that climb
/// out. The real signing key never comes back in any response, and nothing is a server error.
/// </summary>
[Trait("Category", "Trust")]
public sealed class ConsoleSiteLinksTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private SqliteDatabase _db = null!;
    private OperatorConsole _console = null!;
    private HttpClient _http = null!;
    private string _site = null!;
    private string _key = null!;
    private string[] _secret = null!;

    public async Task InitializeAsync()
    {
        // A store of its own on a fixed simulated clock, and a real signing key beside the site, where the review found it served.
        _db = SqliteDatabase.Open(_dir["store.db"], new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero)));
        _key = AuditKeys.Generate(_dir.Path, overwrite: false).Private;
        // The key's base64 lines: any one of them in a response is a leak.
        _secret = [.. File.ReadAllLines(_key).Where(l => !l.StartsWith("-----", StringComparison.Ordinal))];
        _site = Directory.CreateDirectory(_dir["site"]).FullName;
        File.WriteAllText(Path.Combine(_site, "index.html"), "<!doctype html><title>Public site</title><h1>Deployments</h1>");
        _console = await OperatorConsole.StartAsync(_db, new ConsoleSettings { Listen = new Uri("http://127.0.0.1:0"), PublicSite = _site });
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _console.Address, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _console.DisposeAsync();
        _db.Dispose();
        _dir.Dispose();
    }

    private enum Leads { SigningKey, KeyFolder, ProcSelf, DevFolder, EtcPasswd, SiteFile, SiteFolder }

    /// <summary>A link <see cref="Depth"/> real folders down the site, leading (through <see cref="Hops"/> more links) to <see cref="To"/>.</summary>
    private sealed record Layout(int Depth, Leads To, bool Absolute, int Hops, bool HopsInsideSite)
    {
        public override string ToString() => $"depth {Depth} -> {To} ({(Absolute ? "absolute" : "relative")}, {Hops} hop(s) {(HopsInsideSite ? "inside" : "outside")} the site)";
    }

    /// <summary>Where a link leads, and the name to ask for beyond it when it leads to a folder.</summary>
    private (string Target, string? Beyond) Destination(Leads to) => to switch
    {
        Leads.SigningKey => (_key, null),
        Leads.KeyFolder => (_dir.Path, AuditKeys.PrivateFile),
        Leads.ProcSelf => ("/proc/self", "environ"),
        Leads.DevFolder => ("/dev", "zero"),
        Leads.EtcPasswd => ("/etc/passwd", null),
        Leads.SiteFile => (Path.Combine(_site, "index.html"), null),
        _ => (_site, "index.html"),
    };

    [Fact]
    public void A_link_anywhere_in_the_site_is_404_and_a_real_file_beside_it_is_served()
    {
        var layouts = from depth in Gen.Choose(0, 3)
                      from to in Gen.Elements(Enum.GetValues<Leads>())
                      from absolute in Gen.Elements(true, false)
                      from hops in Gen.Choose(0, 2)
                      from inside in Gen.Elements(true, false)
                      select new Layout(depth, to, absolute, hops, inside);
        int n = 0;
        Prop.ForAll(layouts.ToArbitrary(), layout =>
        {
            var folder = string.Join('/', new[] { $"case-{n++}" }.Concat(Enumerable.Range(1, layout.Depth).Select(d => $"level-{d}")));
            var real = Directory.CreateDirectory(Path.Combine(_site, folder)).FullName;
            File.WriteAllText(Path.Combine(real, "real.html"), $"<p>{folder}</p>");
            var (target, beyond) = Destination(layout.To);
            var hopsFolder = Directory.CreateDirectory(layout.HopsInsideSite ? Path.Combine(real, "hops") : _dir[$"hops-{folder.Replace('/', '-')}"]).FullName;
            for (int h = layout.Hops - 1; h >= 0; h--)
            {
                var hop = Path.Combine(hopsFolder, $"hop-{h}");
                File.CreateSymbolicLink(hop, Aimed(hop, target, layout.Absolute));
                target = hop;
            }
            var link = Path.Combine(real, "leak");
            File.CreateSymbolicLink(link, Aimed(link, target, layout.Absolute));

            var control = Get($"/site/{folder}/real.html");
            Assert.True(control.Status == HttpStatusCode.OK && control.Body.Contains(folder), $"{layout}: the real file: {control.Status}");
            var asked = beyond is null ? $"/site/{folder}/leak" : $"/site/{folder}/leak/{beyond}";
            var leaked = Get(asked);
            Assert.True(leaked.Status == HttpStatusCode.NotFound, $"{layout}: {asked} answered {(int)leaked.Status}");
            if (layout.Hops > 0 && layout.HopsInsideSite)
                Assert.Equal(HttpStatusCode.NotFound, Get($"/site/{folder}/hops/hop-0{(beyond is null ? "" : "/" + beyond)}").Status);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    // A relative target climbs with '..' from the link's own folder: to the key beside the site, or all the way to /proc.
    private static string Aimed(string link, string target, bool absolute) =>
        absolute ? target : Path.GetRelativePath(Path.GetDirectoryName(link)!, target);

    [Fact]
    public void A_hard_link_to_the_key_and_a_fifo_in_the_site_are_404_without_hanging()
    {
        var hard = Path.Combine(_site, "key-by-another-name.pem");
        Start("ln", _key, hard);
        var fifo = Path.Combine(_site, "pipe.html");
        Start("mkfifo", fifo);
        Assert.Equal(HttpStatusCode.NotFound, Get("/site/key-by-another-name.pem").Status);
        Assert.Equal(HttpStatusCode.NotFound, Get("/site/pipe.html").Status);
        Assert.Equal(HttpStatusCode.OK, Get("/site/index.html").Status);
    }

    [Theory]
    [InlineData("/site/..%2faudit-signing-key.pem")]
    [InlineData("/site/..%2Faudit-signing-key.pem")]
    [InlineData("/site/..%5caudit-signing-key.pem")]
    [InlineData("/site/..\\audit-signing-key.pem")]
    [InlineData("/site/%252e%252e/audit-signing-key.pem")]
    [InlineData("/site//etc/passwd")]
    [InlineData("/site/%2fetc%2fpasswd")]
    [InlineData("/site/.")]
    [InlineData("/site/")]
    [InlineData("/site")]
    public async Task A_path_under_site_that_is_no_file_of_it_is_404(string target)
    {
        // An encoded separator or a backslash stays a character of one name, which no file of the site has.
        var (status, _) = await Raw(target);
        Assert.True(status == 404, $"{target}: {status}");
    }

    // Kestrel removes dot segments, decoded or not, before any routing: these ask for /audit-signing-key.pem or /etc/passwd,
    // outside /site, and get the sign-in redirect like any other page; a NUL is a bad request. A guard: the console
    // answered these correctly before the site was served through SiteFiles too.
    [Theory]
    [InlineData("/site/../audit-signing-key.pem", 302)]
    [InlineData("/site/%2e%2e/audit-signing-key.pem", 302)]
    [InlineData("/site/%2E%2E/%2e%2e/etc/passwd", 302)]
    [InlineData("/site/.%2e/audit-signing-key.pem", 302)]
    [InlineData("/site/index.html%00.pem", 400)]
    public async Task Dot_segments_never_reach_the_site_files_and_are_answered_as_pages_outside_it(string target, int expected)
    {
        var (status, answer) = await Raw(target);
        Assert.True(status == expected, $"{target}: {answer}");
        if (expected == 302) Assert.Contains("/login", answer);
    }

    /// <summary>Sends a request as raw bytes (HttpClient would tidy the dots away before they reached the server).</summary>
    private async Task<(int Status, string Answer)> Raw(string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_console.Address.Host, _console.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        var answer = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        Assert.DoesNotContain(_secret, answer.Contains);
        Assert.DoesNotContain("root:x:0:0", answer);
        var status = int.Parse(answer.Split(' ', 3)[1]);
        Assert.True(status < 500, $"{target}: {answer}");
        return (status, answer);
    }

    private (HttpStatusCode Status, string Body) Get(string path)
    {
        using var response = _http.GetAsync(path).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.DoesNotContain(_secret, body.Contains); // the real signing key, in any response at all
        Assert.DoesNotContain("PRIVATE KEY", body);
        return (response.StatusCode, body);
    }

    private static void Start(string file, params string[] args)
    {
        using var p = Process.Start(file, args)!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }
}
