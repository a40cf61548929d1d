using System.Text.Json;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Evaluation.Reports;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Projections;

/// <summary>The measured rates a projection starts from: an image-set evaluation's report.json (overall FPIR and TPIR per threshold).</summary>
public static class ProjectionInputs
{
    /// <summary>The measured rates in an evaluation's report.json, one per threshold; refused in one line if it is not one.</summary>
    public static IReadOnlyList<MeasuredRates> FromReport(string path)
    {
        EvaluationReport? report;
        try { report = JsonSerializer.Deserialize<EvaluationReport>(TextFiles.ReadAll(path, "evaluation report"), new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }); }
        catch (JsonException ex) { throw new LfrInputException($"{path}: not an evaluation report ({ex.Message.Split('\n')[0]})", ex); }
        if (report?.Figures is null || report.Counts is null || !report.Counts.TryGetValue("enrolled_identities", out var enrolled) || enrolled < 1)
            throw new LfrInputException($"{path}: not an evaluation report from 'lfr evaluate images' (figures and enrolled_identities expected)");
        var overall = report.Figures.Where(f => f.Dimension == "all").ToList();
        var rates = overall.Where(f => f.Metric == "FPIR").Join(overall.Where(f => f.Metric == "TPIR"), f => f.Threshold, t => t.Threshold,
            (f, t) => new MeasuredRates(f.Threshold, new Proportion(f.Successes, f.Trials), new Proportion(t.Successes, t.Trials), (int)enrolled))
            .OrderBy(r => r.Threshold).ToList();
        return rates.Count > 0 ? rates : throw new LfrInputException($"{path}: the report has no overall FPIR and TPIR at any threshold");
    }
}
