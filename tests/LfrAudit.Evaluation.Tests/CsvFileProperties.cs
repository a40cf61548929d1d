using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Evaluation.Csv;
using LfrAudit.Evaluation.Footage;

namespace LfrAudit.Evaluation.Tests;

/// <summary>
/// Every CSV the evaluation reads or writes goes through one reader and one writer: what is written reads back cell for
/// cell whatever the cells hold (commas, quotes, line breaks, spaces at the ends), each record knows the line it starts
/// on, and a broken quote is one refusal naming the file and line, never a silently shifted column.
/// </summary>
public sealed class CsvFileProperties : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-csv-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Gen<string> Cell =
        Gen.Elements("a", "Smith, J", "say \"hi\"", "two\nlines", "crlf\r\nend", " padded ", ",", "\"", "x y", "é", "0.5")
            .ListOf().Select(parts => string.Concat(parts));

    // Non-blank records: a record of empty cells is a blank line, which readers leave out.
    private static readonly Gen<string[][]> Table =
        Gen.Choose(1, 4).SelectMany(width => Cell.ArrayOf(width).Where(r => r.Any(c => c.Trim().Length > 0)).ArrayOf().Select(rows => rows));

    [Fact]
    public void What_is_written_reads_back_cell_for_cell_and_each_record_knows_its_line()
    {
        Prop.ForAll(Table.ToArbitrary(), rows =>
        {
            var header = Enumerable.Range(0, rows.Length > 0 ? rows[0].Length : 1).Select(i => $"c{i}").ToList();
            var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.csv");
            var text = CsvFile.Write(header, rows);
            File.WriteAllText(path, text);
            var read = CsvFile.Read(path, "test file");
            Assert.Equal([header, .. rows.Select(r => r.ToList())], read.Select(r => r.Cells.ToList()).ToList());
            // Each record starts on the line after the previous record's last line.
            int expected = 1;
            for (int i = 0; i < read.Count; i++)
            {
                Assert.Equal(expected, read[i].Line);
                expected += 1 + (i == 0 ? 0 : rows[i - 1].Sum(c => c.Count(ch => ch == '\n')));
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_broken_quote_is_refused_naming_the_file_and_its_line()
    {
        var gen = Gen.Elements("x\"y", "\"open", "a\"\"b\"c").SelectMany(bad => Gen.Choose(0, 3).Select(before => (bad, before)));
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var lines = Enumerable.Range(0, t.before).Select(i => $"p{i},cam,0,1").Prepend("person,camera,from,to").Append($"{t.bad},cam,0,1").Append("q,cam,0,1");
            var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.csv");
            File.WriteAllText(path, string.Join("\n", lines) + "\n");
            var ex = Assert.Throws<LfrInputException>(() => WalkPastLog.Read(path, 25));
            Assert.Contains(path, ex.Message);
            Assert.Contains("line", ex.Message);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_walk_past_log_reads_a_quoted_name_with_a_comma_as_one_person()
    {
        var path = Path.Combine(_dir, "walk.csv");
        File.WriteAllText(path, "person,camera,from,to\n\"Smith, J\",van-1,1,2\nAnn,van-1,0:00:03,0:00:04\n");
        var truth = WalkPastLog.Read(path, 10);
        Assert.Equal(["Smith, J", "Ann"], truth.Appearances.Select(a => a.Identity));
        File.WriteAllText(path, "person,camera,from,to\nSmith, J,van-1,1,2\n");
        Assert.Contains("line 2: expected person,camera,from,to", Assert.Throws<LfrInputException>(() => WalkPastLog.Read(path, 10)).Message);
    }
}
