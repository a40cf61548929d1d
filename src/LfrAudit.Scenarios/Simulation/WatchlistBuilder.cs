using System.Globalization;
using System.Text;
using System.Text.Json;
using LfrAudit.Core.Problems;
using LfrAudit.Evaluation.Simulation;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>
/// Writes each watchlist a programme uses as an ordinary manifest (pseudonymous ids, categories drawn to the
/// scenario's mix, the first photo of the first N candidates), and beside it which labelled identity each id is —
/// the simulation's truth, which the store never holds.
/// </summary>
internal sealed class WatchlistBuilder(CrowdPools pools, SimulationLayout layout, ProgrammeScenario scenario, string datasets)
{
    public string WriteManifest(ScenarioDeployment d, DateTimeOffset enrolAt)
    {
        Directory.CreateDirectory(layout.Watchlists);
        var random = new Random(unchecked(scenario.Seed * 31 + d.WatchlistSize));
        var mix = d.WatchlistMix.Where(m => m.Value > 0).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        double total = mix.Sum(m => m.Value);
        var text = new StringBuilder().AppendLine($"# Simulated watchlist for scenario '{scenario.Name}' (written by lfr simulate)").AppendLine($"name: \"{d.WatchlistName.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"").AppendLine("entries:");
        var identities = new Dictionary<string, string>(StringComparer.Ordinal);
        string approved = enrolAt.AddDays(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        string expires = enrolAt.AddYears(3).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        for (int i = 0; i < d.WatchlistSize; i++)
        {
            var who = pools.WatchlistCandidates[i];
            double x = random.NextDouble() * total;
            var category = mix.First(m => (x -= m.Value) < 0 || m.Key == mix[^1].Key).Key;
            var id = $"SIM-{i + 1:0000}";
            identities[id] = who.Identity;
            var image = Path.GetRelativePath(datasets, who.EnrolledImage).Replace('\\', '/');
            text.AppendLine($"  - id: {id}")
                .AppendLine($"    category: {category}")
                .AppendLine($"    source: Simulated record {id}")
                .AppendLine("    authorised_by: Supt. A. Simulation")
                .AppendLine($"    approved_at: {approved}")
                .AppendLine($"    expires_at: {expires}")
                .AppendLine($"    images: [\"{image}\"]");
        }
        var path = layout.Manifest(d.WatchlistName);
        File.WriteAllText(path, text.ToString());
        File.WriteAllText(layout.Identities(d.WatchlistName), JsonSerializer.Serialize(identities));
        return path;
    }

    public static IReadOnlyDictionary<string, string> ReadIdentities(string path) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
        ?? throw new LfrInputException($"{path}: not a watchlist identity map");
}
