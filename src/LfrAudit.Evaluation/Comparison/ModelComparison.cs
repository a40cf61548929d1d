using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Comparison;

/// <summary>One model's evaluation, as the comparison takes it: what it is, its searches and how long it took a face.</summary>
public sealed record EvaluatedModel(string Model, string Provenance, EvaluationRun Run, double MillisecondsPerImage);

/// <summary>A model at an operating point: the lowest threshold (0.001 steps) whose FPIR is at most the target, and its TPIR.</summary>
public sealed record OperatingPoint(string Target, double FpirTarget, double? Threshold, Proportion Tpir, Proportion Fpir)
{
    /// <summary>
    /// Whether there were enough non-mated searches to measure the target at all: with fewer than 1/target of them, "at
    /// most the target" means no false alert, and the threshold is just above the highest stranger's score.
    /// </summary>
    public bool Resolvable => Fpir.Trials * FpirTarget >= 1;
}

/// <summary>One model's figures in the comparison.</summary>
public sealed record ModelFigures(string Model, string Provenance, double MillisecondsPerImage, IReadOnlyList<OperatingPoint> Points);

/// <summary>
/// Two models at the same target FPIR, on the same mated searches: how many only one of them found, McNemar's exact
/// test on those, and whether the difference is significant (p below 0.05 after Holm's adjustment over every pair
/// and target).
/// </summary>
public sealed record PairedDifference(string A, string B, string Target, long FoundOnlyByA, long FoundOnlyByB, double P, double AdjustedP)
{
    /// <summary>The difference is significant: adjusted p below 0.05.</summary>
    public bool Significant => AdjustedP < 0.05;
}

/// <summary>
/// Several models evaluated on the same images with the same split (the same seed): each at the operating points the
/// field reports — FPIR 1 in 1,000, and 1 in 6,000 as NPL measured the Met's system — and every pair compared search for
/// search, so the report can say which differences between models are significant and which are noise.
/// </summary>
public sealed record ModelComparison(IReadOnlyList<ModelFigures> Models, IReadOnlyList<PairedDifference> Differences, long MatedSearches, long NonMatedSearches)
{
    /// <summary>The operating points compared: FPIR 1 in 1,000, and 1 in 6,000 as NPL reported for the Met's system.</summary>
    public static readonly IReadOnlyList<(string Name, double Fpir)> Targets = [("FPIR 1e-3", 1e-3), ("FPIR 1/6000", 1.0 / 6000)];

    /// <summary>Compares models evaluated on the same searches; refused if any model searched other probes.</summary>
    public static ModelComparison Build(IReadOnlyList<EvaluatedModel> models)
    {
        if (models.Count < 2) throw new ArgumentException("a comparison needs two models or more", nameof(models));
        var first = models[0].Run.Searches;
        foreach (var m in models.Skip(1))
            if (m.Run.Searches.Count != first.Count || m.Run.Searches.Where((s, i) => s.Person != first[i].Person || s.Mated != first[i].Mated).Any())
                throw new InvalidOperationException($"model {m.Model} searched other probes than {models[0].Model}: the same images and seed give the same searches");
        var figures = models.Select(m => new ModelFigures(m.Model, m.Provenance, m.MillisecondsPerImage, Targets.Select(t => Point(m.Run.Searches, t.Name, t.Fpir)).ToList())).ToList();

        var pairs = new List<(string A, string B, string Target, long OnlyA, long OnlyB, double P)>();
        for (int a = 0; a < models.Count; a++)
            for (int b = a + 1; b < models.Count; b++)
                foreach (var (target, _) in Targets)
                {
                    var (ta, tb) = (figures[a].Points.First(p => p.Target == target).Threshold, figures[b].Points.First(p => p.Target == target).Threshold);
                    long onlyA = 0, onlyB = 0;
                    for (int i = 0; i < first.Count; i++)
                    {
                        if (!first[i].Mated) continue;
                        bool foundA = ta is { } x && models[a].Run.Searches[i].TruePositiveAt(x), foundB = tb is { } y && models[b].Run.Searches[i].TruePositiveAt(y);
                        if (foundA && !foundB) onlyA++;
                        else if (foundB && !foundA) onlyB++;
                    }
                    pairs.Add((models[a].Model, models[b].Model, target, onlyA, onlyB, McNemarExact(onlyA, onlyB)));
                }
        var adjusted = SignificanceTests.Holm(pairs.Select(p => p.P).ToList());
        return new ModelComparison(figures, pairs.Select((p, i) => new PairedDifference(p.A, p.B, p.Target, p.OnlyA, p.OnlyB, p.P, adjusted[i])).ToList(),
            first.Count(s => s.Mated), first.Count(s => !s.Mated));
    }

    private static OperatingPoint Point(IReadOnlyList<SearchOutcome> searches, string target, double fpir)
    {
        // The lowest threshold on a 0.001 grid meeting the target; none if even 1.0 does not (a score of 1 from a stranger).
        for (int k = 0; k <= 1000; k++)
        {
            double t = k / 1000.0;
            var rates = IdentificationRates.At(searches, t);
            if (rates.Fpir.Trials > 0 && rates.Fpir.Successes <= fpir * rates.Fpir.Trials)
                return new OperatingPoint(target, fpir, t, rates.Tpir, rates.Fpir);
        }
        var none = IdentificationRates.At(searches, 1.0);
        return new OperatingPoint(target, fpir, null, new Proportion(0, none.Tpir.Trials), none.Fpir);
    }

    /// <summary>McNemar's exact test: under no difference, each discordant search is the first model's with probability ½.</summary>
    public static double McNemarExact(long onlyA, long onlyB)
    {
        long n = onlyA + onlyB, k = Math.Min(onlyA, onlyB);
        if (n == 0) return 1;
        double tail = 0;
        for (long x = 0; x <= k; x++) tail += Math.Exp(LogChoose(n, x) - n * Math.Log(2));
        return Math.Min(1, 2 * tail);
    }

    private static double LogChoose(long n, long k)
    {
        double s = 0;
        for (long i = 1; i <= k; i++) s += Math.Log(n - k + i) - Math.Log(i);
        return s;
    }
}
