using LfrAudit.Cli.Configuration;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr config show: every setting in force, its value and where it came from (lfr.yaml, the environment, the default).</summary>
internal static class ConfigCommands
{
    private static Option<bool> Json => new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var config = new Command("config", "The force's settings (lfr.yaml): see docs/configuration.md");
        var show = new Command("show", "Show every setting, its value and where it came from (the file and line, an environment variable, or the default)") { Json };
        bind.Bind(show, Uses.Settings, c =>
        {
            var settings = c.Configuration;
            if (c.Get(Json))
            {
                c.Output.Json(new ShownConfiguration(settings.File is null ? null : Path.GetFullPath(settings.File),
                    settings.Values.Select(v => new ShownSetting(v.Key.Path, v.Value, v.Source, v.Key.EnvironmentVariable)).ToList()));
                return ExitCodes.Ok;
            }
            c.Output.Line(settings.File is null ? $"no configuration file (looked for --config, $LFR_CONFIG, {ConfigurationFile.Name} beside the store): defaults" : $"configuration file: {Path.GetFullPath(settings.File)}");
            foreach (var v in settings.Values) c.Output.Line($"{v.Key.Path} = {v.Value ?? "(none)"}    [{v.Source}]");
            return ExitCodes.Ok;
        });
        config.Subcommands.Add(show);
        return config;
    }
}

/// <summary>What 'lfr config show --json' writes.</summary>
internal sealed record ShownConfiguration(string? File, IReadOnlyList<ShownSetting> Settings);

/// <summary>One setting: its key, value (none: not set), where the value came from and the variable that overrides it.</summary>
internal sealed record ShownSetting(string Key, string? Value, string Source, string EnvironmentVariable);
