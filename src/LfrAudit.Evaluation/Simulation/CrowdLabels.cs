namespace LfrAudit.Evaluation.Simulation;

/// <summary>
/// The labels a scenario's crowd <c>mix</c> may ask for, and their values, as the labelled sets the crowd is drawn from
/// give them (LFW, FairFace and UTKFace under the datasets folder; see its DATASETS.md): each set's own ethnicity names,
/// FairFace's age bands, and the set itself. The crowd planner matches values exactly, so a value not listed here
/// (a typo, another case, a label no set has) would select no one and be silently ignored: it is refused instead.
/// </summary>
internal static class CrowdLabels
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Known = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["sex"] = ["female", "male"],
        ["ethnicity"] = ["Asian", "Black", "East Asian", "Indian", "Latino_Hispanic", "Middle Eastern", "Others", "Southeast Asian", "White"],
        ["age_band"] = ["0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70+"],
        ["set"] = ["fairface", "lfw", "utkface"],
    };

    /// <summary>The labels a mix may name, in a fixed order for messages.</summary>
    public static IReadOnlyList<string> Dimensions { get; } = Known.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The values a label takes, or null if the crowd has no such label.</summary>
    public static IReadOnlyList<string>? ValuesOf(string dimension) => Known.GetValueOrDefault(dimension);
}
