using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Cli.Output;

/// <summary>A rate as every command's JSON writes it: the counts, the rate and its 95 % Wilson interval.</summary>
internal static class ProportionJson
{
    public static object Of(Proportion p) => new { successes = p.Successes, trials = p.Trials, rate = p.Rate, wilson_lower = p.Low, wilson_upper = p.High };
}
