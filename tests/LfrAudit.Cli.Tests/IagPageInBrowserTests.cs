using System.IO.Compression;
using Deque.AxeCore.Playwright;
using LfrAudit.Application.Audit;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The IAG reviewer's page in Debian's Chromium, with nothing typed about the server's folders: the live log exported from
/// the page and verified; the exports the console knows offered by name; an export uploaded as a .zip, unpacked safely and
/// verified; an archive that tries to climb out refused in one line, leaving nothing; and axe-core finds no violation.
/// </summary>
[Trait("Category", "Dates")]
[Trait("Category", "Slow")]
[Collection(SeededCollection.Name)]
public sealed class IagPageInBrowserTests(TwoDeployments store) : IClassFixture<TwoDeployments>, IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _clock = new(store.Timeline.At(10, 12));
    private SqliteDatabase _db = null!;
    private OperatorConsole _console = null!;
    private string Exports => _dir["exports"];

    public async Task InitializeAsync()
    {
        _db = SqliteDatabase.Open(store.CopyInto(_dir), _clock);
        _db.TreeHeadSigner = AuditKeys.LoadPrivate(_dir[AuditKeys.PrivateFile]);
        Directory.CreateDirectory(Exports);
        _console = await TestConsole.StartAsync(_db, _dir, _clock, adjust: s => s with { ExportsFolder = Exports });
    }

    public async Task DisposeAsync()
    {
        await _console.DisposeAsync();
        _db.Dispose();
        _dir.Dispose();
    }

    private async Task Verified(IPage page)
    {
        await page.WaitForSelectorAsync("text=VERIFIED:", new() { Timeout = 120_000 });
        Assert.Contains("DEP-1", await page.InnerTextAsync("body"));
    }

    [Fact]
    public async Task The_live_log_is_exported_known_exports_are_picked_and_an_upload_is_verified_or_refused_safely()
    {
        using var pw = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(pw);
        var page = await Chromium.SignedInAsync(browser, _console.Address, "iag.one", TestConsole.Password);
        await page.GotoAsync(new Uri(_console.Address, "/iag").ToString());
        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help}")));

        // The live log, exported from the page and verified there.
        await page.ClickAsync("#export-live");
        await Verified(page);
        var live = Assert.Single(Directory.GetDirectories(Exports));
        Assert.StartsWith("live-", Path.GetFileName(live), StringComparison.Ordinal);

        // Offered by name afterwards, and verified again by choosing it.
        await page.GotoAsync(new Uri(_console.Address, "/iag").ToString());
        Assert.Equal([Path.GetFileName(live)], await page.EvalOnSelectorAllAsync<string[]>("#known option", "os => os.map(o => o.value)"));
        await page.ClickAsync("form:has(#known) button");
        await Verified(page);

        // The same export zipped as a reviewer would send it (in its folder), uploaded, unpacked among the exports, verified.
        var zip = _dir["export.zip"];
        ZipFile.CreateFromDirectory(live, zip, CompressionLevel.Fastest, includeBaseDirectory: true);
        await page.GotoAsync(new Uri(_console.Address, "/iag").ToString());
        await page.SetInputFilesAsync("#archive", zip);
        await page.ClickAsync("form#upload button");
        await Verified(page);
        var uploaded = Assert.Single(Directory.GetDirectories(Exports), d => Path.GetFileName(d).StartsWith("upload-", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(live, AuditExport.EntriesFile)), File.ReadAllBytes(Path.Combine(uploaded, AuditExport.EntriesFile)));

        // An archive with a name that climbs out: refused in one line on the page, nothing written anywhere.
        var evil = _dir["evil.zip"];
        using (var z = ZipFile.Open(evil, ZipArchiveMode.Create))
        {
            z.CreateEntryFromFile(Path.Combine(live, AuditExport.EntriesFile), AuditExport.EntriesFile);
            z.CreateEntryFromFile(Path.Combine(live, AuditExport.HeadsFile), "../" + AuditExport.HeadsFile);
        }
        await page.GotoAsync(new Uri(_console.Address, "/iag").ToString());
        await page.SetInputFilesAsync("#archive", evil);
        await page.ClickAsync("form#upload button");
        await page.WaitForSelectorAsync("#upload-status:has-text('is not a plain name inside the archive: refused')");
        Assert.Equal(2, Directory.GetDirectories(Exports).Length);
        Assert.False(File.Exists(_dir[AuditExport.HeadsFile]));
    }
}
