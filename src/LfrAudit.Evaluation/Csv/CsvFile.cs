using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Evaluation.Csv;

/// <summary>One record of a CSV file: the line it starts on (a quoted cell may span lines) and its cells, trimmed.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Cells)
{
    /// <summary>The cell at <paramref name="index"/>, or "" past the end of a short record (or for a column not there, -1).</summary>
    public string this[int index] => index >= 0 && index < Cells.Count ? Cells[index] : "";
}

/// <summary>
/// Every CSV file LfrAudit reads — labels, walk-past logs, MOTChallenge truth — is read here, as RFC 4180 says (CsvHelper):
/// a quoted cell keeps its commas, quotes and line breaks, so "Smith, J" is one person, not two columns. A quote left open
/// or a stray quote in a bare cell is refused naming the file and line, never read as something else.
/// </summary>
public static class CsvFile
{
    /// <summary>The file's records in order, blank lines left out; the first is the header where the format has one.</summary>
    public static IReadOnlyList<CsvRecord> Read(string path, string what)
    {
        var text = TextFiles.ReadAll(path, what);
        var records = new List<CsvRecord>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            BadDataFound = bad => throw new LfrInputException(
                $"{path}: line {bad.Context.Parser?.RawRow}: {what}: a stray or unclosed quote in '{SafeText.Escape(Shorten(bad.Field))}' (quote a cell whole, and double a quote inside it)"),
        };
        using var reader = new CsvReader(new StringReader(text), config);
        try
        {
            while (reader.Read())
            {
                var row = reader.Parser.Record ?? [];
                // Where the record started: a quoted line break makes RawRow the record's last line.
                int line = reader.Parser.RawRow - reader.Parser.RawRecord.Count(c => c == '\n') + (reader.Parser.RawRecord.EndsWith('\n') ? 1 : 0);
                if (row.All(string.IsNullOrWhiteSpace)) continue;
                records.Add(new CsvRecord(line, row));
            }
        }
        catch (CsvHelperException ex) when (ex is not BadDataException)
        {
            throw new LfrInputException($"{path}: line {ex.Context?.Parser?.RawRow}: {what} is not CSV: {ex.Message.Split('\n')[0]}", ex);
        }
        return records;
    }

    /// <summary>Writes <paramref name="rows"/> under <paramref name="header"/>, each cell quoted where it must be.</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }))
        {
            foreach (var name in header) csv.WriteField(name);
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var cell in row) csv.WriteField(cell);
                csv.NextRecord();
            }
        }
        return text.ToString();
    }

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
