using System.Text.Json;
using LfrAudit.Core.Domain;

namespace LfrAudit.Application.Simulation;

/// <summary>
/// What a programme has finished, written after every step (to a temporary file, then renamed over the old one), so
/// a programme killed at any point resumes from its last finished step. Tied to the scenario's content: a changed
/// scenario does not resume into an old programme.
/// </summary>
public sealed class SimulationState
{
    public string ScenarioHash { get; init; } = "";
    public List<string> Done { get; init; } = [];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public bool Has(string step) => Done.Contains(step, StringComparer.Ordinal);

    public static SimulationState LoadOrStart(string path, string scenarioHash)
    {
        if (!File.Exists(path)) return new SimulationState { ScenarioHash = scenarioHash };
        SimulationState? state;
        try { state = JsonSerializer.Deserialize<SimulationState>(File.ReadAllText(path), Options); }
        catch (JsonException ex) { throw new LfrInputException($"{path}: not a simulation state file ({ex.Message.Split('\n')[0]}); remove the output folder to start again", ex); }
        if (state is null || state.ScenarioHash != scenarioHash)
            throw new LfrInputException($"{path}: this output folder holds a programme from a different scenario; simulate into another output folder, or remove this one");
        return state;
    }

    public void Mark(string path, string step)
    {
        if (!Has(step)) Done.Add(step);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Options));
        File.Move(temporary, path, overwrite: true);
    }
}
