using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Evaluation.Footage;

namespace LfrAudit.Evaluation.Tests;

/// <summary>
/// Clip-level truth (<c>clip,identity</c>, a folder of clips): what reads, reads clip for clip; a clip named twice, a
/// path instead of a name, a clip not in the folder, a missing cell or header are each one refusal naming the file and
/// the line; 'none' is a clip of no one known.
/// </summary>
public sealed class ClipTruthProperties : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-clips-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Folder(int clips)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, Guid.NewGuid().ToString("N"))).FullName;
        for (int i = 0; i < clips; i++) File.WriteAllText(Path.Combine(folder, $"c{i}.mp4"), "x");
        return folder;
    }

    [Fact]
    public void Valid_truth_reads_clip_for_clip_and_none_is_no_one_known()
    {
        var gen = Gen.Choose(1, 8).SelectMany(n => Gen.Elements("lfw:Ann", "lfw:Bob, Jr", "none", "NONE", "lfw:Zoë").ArrayOf(n));
        Prop.ForAll(gen.ToArbitrary(), who =>
        {
            var folder = Folder(who.Length);
            var csv = Path.Combine(folder, "clips.csv");
            File.WriteAllText(csv, "clip,identity\n" + string.Concat(who.Select((w, i) => $"c{i}.mp4,\"{w}\"\n")));
            var clips = ClipTruth.Read(csv);
            Assert.Equal(who.Select(w => w.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : w), clips.Select(c => c.Identity));
            Assert.Equal(Enumerable.Range(2, who.Length), clips.Select(c => c.Line));
            Assert.All(clips, c => Assert.Equal(c.Identity is null ? 0 : 1, c.Truth(25).Appearances.Count));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Each_kind_of_bad_line_is_refused_naming_the_file_and_its_line()
    {
        var bad = Gen.Elements(
            ("c0.mp4,lfw:Ann", "already given"),       // a repeat of the first line
            ("../c0.mp4,lfw:Ann", "not a path"),
            ("sub/c1.mp4,lfw:Ann", "not a path"),
            ("missing.mp4,lfw:Ann", "is not a file"),
            ("c1.mp4,", "expected clip,identity"),
            ("c1.mp4,lfw:Ann,extra", "expected clip,identity"));
        var gen = Gen.Choose(0, 2).SelectMany(before => bad.Select(b => (before, b.Item1, b.Item2)));
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var folder = Folder(4);
            var csv = Path.Combine(folder, "clips.csv");
            var good = Enumerable.Range(0, t.before + 1).Select(i => $"c{(i == 0 ? 0 : i + 1)}.mp4,lfw:P{i}");
            File.WriteAllText(csv, "clip,identity\n" + string.Join("\n", good) + "\n" + t.Item2 + "\n");
            var ex = Assert.Throws<LfrInputException>(() => ClipTruth.Read(csv));
            Assert.Contains(csv, ex.Message);
            Assert.Contains($"line {t.before + 3}", ex.Message);
            Assert.Contains(t.Item3, ex.Message);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_file_without_the_header_or_without_clips_is_refused()
    {
        var folder = Folder(1);
        var csv = Path.Combine(folder, "clips.csv");
        File.WriteAllText(csv, "c0.mp4,lfw:Ann\n");
        Assert.Contains("header clip,identity", Assert.Throws<LfrInputException>(() => ClipTruth.Read(csv)).Message);
        File.WriteAllText(csv, "clip,identity\n");
        Assert.Contains("no clips listed", Assert.Throws<LfrInputException>(() => ClipTruth.Read(csv)).Message);
    }
}
