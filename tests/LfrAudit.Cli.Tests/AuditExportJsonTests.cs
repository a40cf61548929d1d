using System.Text.Json;

namespace LfrAudit.Cli.Tests;

/// <summary>lfr audit export --json: what was exported, as JSON only, matching the files written.</summary>
[Collection(SeededCollection.Name)]
public sealed class AuditExportJsonTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_export_reports_its_folder_and_counts_as_json()
    {
        var db = seeded.CopyInto(_dir);
        var r = await Lfr.Run("audit", "export", "--out", _dir["export"], "--db", db, "--json");
        Assert.True(r.Exit == 0, r.ToString());
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(Path.GetFullPath(_dir["export"]), Path.GetFullPath(root.GetProperty("folder").GetString()!));
        Assert.Equal(File.ReadAllLines(Path.Combine(_dir["export"], "entries.jsonl")).Length, root.GetProperty("entries").GetInt32());
        Assert.Equal(File.ReadAllLines(Path.Combine(_dir["export"], "tree-heads.jsonl")).Length, root.GetProperty("tree_heads").GetInt32());
    }
}
