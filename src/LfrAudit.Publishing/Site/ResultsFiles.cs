using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace LfrAudit.Publishing.Site;

/// <summary>The results table as files a journalist or researcher opens: CSV (RFC 4180) and JSON.</summary>
internal static class ResultsFiles
{
    public static string Csv(IReadOnlyList<DeploymentResult> rows)
    {
        // Place names come from people: a cell that starts like a formula is escaped so a spreadsheet shows it as text.
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape, NewLine = "\r\n" };
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, config))
        {
            csv.Context.TypeConverterOptionsCache.GetOptions<DateTimeOffset>().Formats = ["yyyy-MM-dd'T'HH:mm:ssK"];
            csv.WriteRecords(rows);
        }
        return text.ToString();
    }

    public static string Json(IReadOnlyList<DeploymentResult> rows, string force) =>
        JsonSerializer.Serialize(new { force, deployments = rows }, PublicSite.Json);
}
