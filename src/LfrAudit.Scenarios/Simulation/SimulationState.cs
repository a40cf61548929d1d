using System.Text.Json;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>
/// What a programme has finished, written after every step (to a temporary file, then renamed over the old one), so
/// a programme killed at any point resumes from its last finished step. Tied to the scenario's content: a changed
/// scenario does not resume into an old programme. A state file that cannot be trusted (damaged, not a file, from
/// another scenario) is refused before anything in its folder is touched: without it no one can say which steps of
/// the record in the folder's store were done, and starting afresh over that store would record them twice.
/// </summary>
public sealed class SimulationState
{
    /// <summary>A state names a few hundred steps (a few kilobytes); anything near this is not one.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    /// <summary>The SHA-256 of the scenario the steps belong to: another scenario does not resume into them.</summary>
    public string ScenarioHash { get; init; } = "";
    /// <summary>The steps done, by key, in order.</summary>
    public List<string> Done { get; init; } = [];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Whether the step is done.</summary>
    public bool Has(string step) => Done.Contains(step, StringComparer.Ordinal);

    /// <summary>The state in <paramref name="path"/>, or a fresh one if there is none; one line naming the file and what to do otherwise.</summary>
    public static SimulationState LoadOrStart(string path, string scenarioHash)
    {
        var kind = FileKind.Of(path);
        if (kind == FileKindOf.Missing) return new SimulationState { ScenarioHash = scenarioHash };
        // A FIFO would block the read for ever, a directory or device is no state at all: refused before anything opens them.
        if (kind != FileKindOf.Regular) throw Unusable(path, $"is {FileKind.Describe(kind)}, not a simulation state file");
        long length = new FileInfo(path).Length;
        if (length > MaxBytes) throw Unusable(path, $"is {length / 1048576} MiB, not a simulation state file (at most {MaxBytes / 1048576} MiB)");
        var state = Parse(TextFiles.ReadAll(path, "simulation state"), path);
        if (state.ScenarioHash != scenarioHash)
            throw new LfrInputException($"{FileKind.Show(path)}: this output folder holds a programme from a different scenario; simulate into another output folder, or remove this one");
        return state;
    }

    // The file as this class writes it: {"scenarioHash": "…", "done": ["…", …]}; anything else is damage, named.
    private static SimulationState Parse(string text, string path)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Unusable(path, "is empty");
        JsonDocument document;
        try { document = JsonDocument.Parse(text); }
        catch (JsonException ex) { throw Unusable(path, $"is not JSON ({ex.Message.Split('\n')[0]})", ex); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Unusable(path, $"holds {Describe(root)}, not an object with scenarioHash and done");
            if (!TryProperty(root, "scenarioHash", out var hash) || hash.ValueKind != JsonValueKind.String || hash.GetString() is not { Length: > 0 } scenarioHash)
                throw Unusable(path, "has no scenarioHash text");
            if (!TryProperty(root, "done", out var done) || done.ValueKind != JsonValueKind.Array)
                throw Unusable(path, "has no done list");
            var steps = new List<string>(done.GetArrayLength());
            foreach (var step in done.EnumerateArray())
                steps.Add(step.ValueKind == JsonValueKind.String && step.GetString() is { Length: > 0 } s ? s
                    : throw Unusable(path, $"lists {Describe(step)} among the steps done, not a step's name"));
            return new SimulationState { ScenarioHash = scenarioHash, Done = steps };
        }
    }

    private static bool TryProperty(JsonElement o, string name, out JsonElement value)
    {
        foreach (var p in o.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) { value = p.Value; return true; }
        value = default;
        return false;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private static LfrInputException Unusable(string path, string problem, Exception? inner = null) =>
        new($"{FileKind.Show(path)}: {SafeText.Escape(problem)}; it records which steps of the programme are done, so the programme cannot resume without it: "
            + "restore it, or simulate into another output folder; nothing in this folder was changed", inner);

    /// <summary>Records the step as done, in the state file at <paramref name="path"/> (written whole, then moved into place).</summary>
    public void Mark(string path, string step)
    {
        if (!Has(step)) Done.Add(step);
        var temporary = path + ".tmp";
        // Ours alone: whatever is left under that name (a killed write, or a FIFO someone put there, which would block the write) goes.
        if (FileKind.Of(temporary) is not FileKindOf.Missing and not FileKindOf.Directory) File.Delete(temporary);
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Options));
        File.Move(temporary, path, overwrite: true);
    }
}
