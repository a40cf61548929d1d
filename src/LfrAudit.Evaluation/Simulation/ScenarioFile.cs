using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Matching;
using YamlDotNet.RepresentationModel;

namespace LfrAudit.Evaluation.Simulation;

/// <summary>
/// Reads a programme scenario (YAML). Each deployment takes what it does not say from <c>defaults</c>:
/// <code>
/// name: Exampletown LFR programme, winter 2027
/// seed: 2027
/// footage: {width: 1280, height: 720, fps: 10, minutes: 1}
/// operators: {error_rate: 0.05}
/// retention_days: 31
/// locations:
///   high-street: {name: High Street, town: Exampletown, latitude: 51.5, longitude: -0.12, scene: videos/clip.mp4,
///                 ground: {horizon: 0.3, descent: 0.4}}
/// defaults: {start: "10:00", hours: 6, cameras: 1, footfall_per_minute: 30, watchlist_size: 300,
///            watchlist_mix: {wanted-serious-offence: 0.7, missing-person: 0.2, vulnerable-person: 0.1},
///            watchlisted_per_100: 5, threshold: 0.6, mix: {ethnicity: {...}}}
/// deployments:
///   - {date: 2027-01-12, location: high-street}
/// </code>
/// Anything out of shape or range is one error naming the file, the line and the key: the YAML itself within
/// <see cref="Limits"/>, the footage it asks for within <see cref="ScenarioBudget"/>, a crowd mix's labels and values
/// among <see cref="CrowdLabels"/>.
/// </summary>
public static class ScenarioFile
{
    /// <summary>The largest watchlist a scenario may ask for.</summary>
    public const int MaxWatchlistSize = 1600; // LFW identities with a second photo to walk past (1,680), less a margin

    /// <summary>
    /// A scenario is a page of YAML (the sample is 2 KB): a megabyte, a few levels of nesting and no aliases are far beyond
    /// any real one, and keep a hostile file quick to refuse. An alias inside its own anchor (&amp;a [*a]) would make a node
    /// that contains itself, which the document model recurses into until the stack overflows.
    /// </summary>
    public static readonly YamlLimits Limits = new("scenario", YamlLimits.SaneDepth, MaxBytes: 1024 * 1024, MaxNodes: 100_000, MaxAliases: 0);

    /// <summary>The scenario in the file at <paramref name="path"/>, every limit checked.</summary>
    public static ProgrammeScenario Read(string path)
    {
        var text = BoundedYaml.ReadText(path, Limits);
        return Parse(text, FileKind.Show(path));
    }

    /// <summary>The scenario in <paramref name="text"/>; errors name <paramref name="path"/>.</summary>
    public static ProgrammeScenario Parse(string text, string path)
    {
        var stream = BoundedYaml.Load(text, path, Limits);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new LfrInputException($"{path}: not a scenario: expected a mapping with 'name', 'locations' and 'deployments'");
        var r = new Reader(path);

        string name = r.Text(root, "name", null) ?? Path.GetFileNameWithoutExtension(path);
        int seed = (int)r.Number(root, "seed", null, 1, int.MinValue, int.MaxValue, whole: true);
        var footageNode = r.Map(root, "footage", optional: true);
        var footage = new ScenarioFootage(
            (int)r.Number(footageNode, "width", null, 1280, 64, 3840, whole: true),
            (int)r.Number(footageNode, "height", null, 720, 64, 2160, whole: true),
            r.Number(footageNode, "fps", null, 10, 1, 60),
            r.Number(footageNode, "minutes", null, 1, 0.05, 60));
        if (ScenarioBudget.PerCameraProblem(footage) is { } tooMuch) throw r.Problem(footageNode ?? root, "footage", tooMuch);
        var operators = new ScenarioOperators(r.Number(r.Map(root, "operators", optional: true), "error_rate", null, 0.05, 0, 1));
        int retention = (int)r.Number(root, "retention_days", null, 31, 1, 3650, whole: true);

        var locationsNode = r.Map(root, "locations", optional: false)!;
        var locations = new List<ScenarioLocation>();
        foreach (var (k, v) in locationsNode.Children)
        {
            var key = r.Key(k, "locations");
            if (v is not YamlMappingNode m) throw r.Problem(v, $"locations.{key}", "must be a mapping with name, town, latitude, longitude and scene");
            locations.Add(new ScenarioLocation(key, r.Text(m, "name", null) ?? key, r.Text(m, "town", null) ?? "",
                r.Number(m, "latitude", null, 51.5, -90, 90), r.Number(m, "longitude", null, -0.12, -180, 180),
                r.Text(m, "scene", null) ?? throw r.Problem(m, $"locations.{key}.scene", "is missing (a recorded clip under the datasets folder to walk in)"))
            { Ground = r.Ground(r.Map(m, "ground", optional: true), key) });
        }
        if (locations.Count == 0) throw r.Problem(locationsNode, "locations", "lists no location");

        var defaults = r.Map(root, "defaults", optional: true);
        if (!root.Children.TryGetValue(new YamlScalarNode("deployments"), out var deploymentsNode) || deploymentsNode is not YamlSequenceNode list || list.Children.Count == 0)
            throw new LfrInputException($"{path}: 'deployments' must be a list of at least one deployment");
        var deployments = new List<ScenarioDeployment>();
        foreach (var node in list)
        {
            if (node is not YamlMappingNode d) throw r.Problem(node, "deployments", "each deployment must be a mapping");
            var locationKey = r.Text(d, "location", defaults) ?? throw r.Problem(d, "location", "is missing");
            var location = locations.FirstOrDefault(l => l.Key == locationKey) ?? throw r.Problem(d, "location", $"'{locationKey}' is not one of the locations");
            var dateText = r.Text(d, "date", defaults) ?? throw r.Problem(d, "date", "is missing (yyyy-mm-dd)");
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year is < 2000 or > 2098)
                // The programme's record runs on past its last deployment (outcomes, retention), and LfrAudit's times end with 2099.
                throw r.Problem(d, "date", $"'{dateText}' is not a date between 2000 and 2098 (yyyy-mm-dd)");
            var startText = r.Text(d, "start", defaults) ?? "10:00";
            if (!TimeOnly.TryParseExact(startText, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                throw r.Problem(d, "start", $"'{startText}' is not a time of day (hh:mm)");
            var mixNode = r.Map(d, "mix", optional: true) ?? r.Map(defaults, "mix", optional: true);
            int number = deployments.Count + 1;
            deployments.Add(new ScenarioDeployment(number,
                r.Text(d, "id", null) ?? $"SIM-{date:yyyyMMdd}-{location.Key}".ToUpperInvariant(),
                location, date, start,
                r.Number(d, "hours", defaults, 6, 0.25, 24),
                (int)r.Number(d, "cameras", defaults, 1, 1, 8, whole: true),
                r.Number(d, "footfall_per_minute", defaults, 30, 0, 600),
                (int)r.Number(d, "watchlist_size", defaults, 300, 1, MaxWatchlistSize, whole: true),
                r.Weights(r.Map(d, "watchlist_mix", optional: true) ?? r.Map(defaults, "watchlist_mix", optional: true), "watchlist_mix")
                    is { Count: > 0 } wm ? wm : new Dictionary<string, double> { ["wanted-serious-offence"] = 1 },
                r.Number(d, "watchlisted_per_100", defaults, 5, 0, 100),
                r.Number(d, "threshold", defaults, 0.6, 0, 1),
                r.Mix(mixNode)));
        }
        var duplicate = deployments.GroupBy(x => x.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new LfrInputException($"{path}: deployment id {duplicate.Key} is used twice (give an 'id' to tell them apart)");
        foreach (var d in deployments)
        {
            // The deployment's own rule decides what an id may be (a location key with '_' or a long one would break it).
            try { _ = new DeploymentId(d.Id); }
            catch (LfrInputException ex) { throw new LfrInputException($"{path}: {ex.Message} (give the deployment an 'id', or a shorter location key)", ex); }
        }

        foreach (var d in deployments)
            foreach (var category in d.WatchlistMix.Keys.Where(k => !WatchlistCategories.TryParse(k, out _)))
                throw new LfrInputException($"{path}: deployment {d.Id}: watchlist_mix: '{category}' is not a category ({string.Join(", ", WatchlistCategories.Names)})");

        if (ScenarioBudget.ProgrammeProblem(footage, deployments) is { } tooLarge) throw r.Problem(list, "deployments", tooLarge);

        var ordered = deployments.OrderBy(x => x.Date).ThenBy(x => x.Start).ThenBy(x => x.Number).ToList();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new ProgrammeScenario(name, seed, footage, operators, locations, ordered, retention, hash);
    }

    private sealed class Reader(string path)
    {
        public LfrInputException Problem(YamlNode node, string key, string problem) => new($"{path}:{node.Start.Line}: {key}: {problem}");

        public string Key(YamlNode k, string within) =>
            k is YamlScalarNode { Value: { Length: > 0 } v } && !SafeText.HasControlCharacters(v) ? v : throw Problem(k, within, "keys must be plain names");

        public YamlMappingNode? Map(YamlMappingNode? parent, string key, bool optional)
        {
            if (parent is null) return null;
            if (!parent.Children.TryGetValue(new YamlScalarNode(key), out var v))
                return optional ? null : throw new LfrInputException($"{path}: '{key}' is missing");
            return v as YamlMappingNode ?? throw Problem(v, key, "must be a mapping");
        }

        public string? Text(YamlMappingNode? m, string key, YamlMappingNode? fallback)
        {
            if (m is not null && m.Children.TryGetValue(new YamlScalarNode(key), out var v))
                return v is YamlScalarNode s ? (string.IsNullOrWhiteSpace(s.Value) ? null : Clean(s, key)) : throw Problem(v, key, "must be a single value");
            return fallback is null ? null : Text(fallback, key, null);
        }

        // Names end up on public pages and in ids: no control characters.
        private string Clean(YamlScalarNode s, string key) =>
            SafeText.HasControlCharacters(s.Value!) ? throw Problem(s, key, "has control characters") : s.Value!.Trim();

        public double Number(YamlMappingNode? m, string key, YamlMappingNode? fallback, double otherwise, double min, double max, bool whole = false)
        {
            YamlNode? v = null;
            if (m is not null && m.Children.TryGetValue(new YamlScalarNode(key), out var own)) v = own;
            else if (fallback is not null && fallback.Children.TryGetValue(new YamlScalarNode(key), out var inherited)) v = inherited;
            if (v is null) return otherwise;
            if (v is not YamlScalarNode s || !double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                throw Problem(v, key, $"'{(v as YamlScalarNode)?.Value}' is not a number");
            if (x < min || x > max) throw Problem(v, key, $"{x.ToString(CultureInfo.InvariantCulture)} is out of range ({min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)})");
            if (whole && x != Math.Floor(x)) throw Problem(v, key, $"{x.ToString(CultureInfo.InvariantCulture)} must be a whole number");
            return x;
        }

        // Where the scene's floor is: each number in range, and a near face (horizon plus descent) inside the frame.
        public LocationGround Ground(YamlMappingNode? ground, string location)
        {
            if (ground is null) return LocationGround.Default;
            foreach (var (k, _) in ground.Children)
                if (Key(k, $"locations.{location}.ground") is not ("horizon" or "descent"))
                    throw Problem(k, $"locations.{location}.ground", $"'{((YamlScalarNode)k).Value}' is not horizon or descent");
            double horizon = Number(ground, "horizon", null, LocationGround.Default.Horizon, 0, 0.9);
            double descent = Number(ground, "descent", null, LocationGround.Default.Descent, 0, 0.6);
            if (horizon + descent > LocationGround.LowestNearFace + 1e-9) // 0.9 + 0.05 is 0.95 to the one who wrote it
                throw Problem(ground, $"locations.{location}.ground",
                    $"horizon plus descent is {(horizon + descent).ToString("0.######", CultureInfo.InvariantCulture)}: a near face would be below the frame (at most {LocationGround.LowestNearFace.ToString(CultureInfo.InvariantCulture)})");
            return new LocationGround(horizon, descent);
        }

        // label -> value -> weight, every label and value one the labelled sets have (CrowdLabels).
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Mix(YamlMappingNode? mix)
        {
            if (mix is null) return null;
            var labels = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
            foreach (var (k, v) in mix.Children)
            {
                var label = Key(k, "mix");
                var known = CrowdLabels.ValuesOf(label)
                    ?? throw Problem(k, $"mix.{label}", $"the crowd has no such label (known: {string.Join(", ", CrowdLabels.Dimensions)})");
                var weights = Weights(v as YamlMappingNode ?? throw Problem(v, $"mix.{label}", "needs a mapping of value: weight"), $"mix.{label}");
                foreach (var (valueNode, _) in ((YamlMappingNode)v).Children)
                    if (valueNode is YamlScalarNode { Value: { } value } && !known.Contains(value, StringComparer.Ordinal))
                        throw Problem(valueNode, $"mix.{label}.{value}", $"no one in the labelled sets has this {label} (known: {string.Join(", ", known)})");
                labels[label] = weights;
            }
            return labels;
        }

        public Dictionary<string, double> Weights(YamlMappingNode? m, string key)
        {
            var weights = new Dictionary<string, double>(StringComparer.Ordinal);
            if (m is null) return weights;
            foreach (var (k, _) in m.Children)
            {
                var name = Key(k, key);
                weights[name] = Number(m, name, null, 0, 0, 1e6);
            }
            if (weights.Count > 0 && weights.Values.Sum() <= 0) throw Problem(m, key, "weights must not all be 0");
            return weights;
        }
    }
}
