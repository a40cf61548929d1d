using LfrAudit.Core.Untrusted;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr models list | verify | fetch: the model files, where they come from and whether they are right.</summary>
internal static class ModelsCommands
{
    private static Option<bool> Json => new("--json") { Description = "Write JSON" };
    private static Option<bool> All => new("--all") { Description = "Every model in the catalogue, not only the defaults" };
    private static Option<string[]> Only => new("--model") { Description = "Only this model id (repeatable)", AllowMultipleArgumentsPerToken = true };

    public static Command Create(CommandBinder bind)
    {
        var models = new Command("models", "The face models: list, verify, fetch");

        var list = new Command("list", "Models in the catalogue (models/models.json)") { Json };
        bind.Bind(list, Uses.Models, c =>
        {
            var catalogue = ModelCatalogue.Embedded.Models;
            if (c.Get(Json)) { c.Output.Json(catalogue); return ExitCodes.Ok; }
            var table = new Table().AddColumns("id", "role", "default", "file", "licence", "sha256", "threshold");
            foreach (var m in catalogue)
                table.AddTextRow(m.Id, m.Role.ToString().ToLowerInvariant(), m.Default ? "yes" : "", m.IsFusion ? $"(fuses {string.Join(" + ", m.Parts!)})" : m.File,
                    m.NeedsLicenceAcceptance ? $"{m.Licence} ({(m.LicenceUse == LicenceUse.NonCommercial ? "non-commercial" : "restricted")}: {ModelOptions.AcceptLicence.Name} {m.Id})" : m.Licence, m.ShortHash + "…",
                    m.Threshold?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            c.Output.Table(table);
            return ExitCodes.Ok;
        });

        var verify = new Command("verify", "Check the model files in the models folder against their SHA-256") { Json, All, Only };
        bind.Bind(verify, Uses.Models, c =>
        {
            var statuses = Selected(c).Select(m => ModelFileCheck.Check(m, c.Models)).ToList();
            return Finish(c, statuses);
        });

        var fetch = new Command("fetch", "Download models from their upstream URLs into the models folder, checking SHA-256") { Json, All, Only };
        bind.Bind(fetch, Uses.Models, async c =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            var fetcher = new ModelFetcher(http);
            var statuses = new List<ModelFileStatus>();
            foreach (var m in Selected(c))
            {
                if (!c.Get(Json)) c.Output.Line($"{m.Id}: {m.Url ?? "no upstream URL (converted here; see its source)"}");
                statuses.Add(await fetcher.FetchAsync(m, c.Models, c.Cancellation).ConfigureAwait(false));
            }
            return Finish(c, statuses);
        });

        models.Subcommands.Add(list);
        models.Subcommands.Add(verify);
        models.Subcommands.Add(fetch);
        return models;
    }

    private static IReadOnlyList<ModelSpec> Selected(CommandContext c) => ModelCatalogue.Embedded.Select(c.Get(Only) ?? [], c.Get(All));

    // The per-model report is the result (stdout); a failure is one line on stderr.
    private static int Finish(CommandContext c, List<ModelFileStatus> statuses)
    {
        Report(c, statuses);
        int bad = statuses.Count(s => !s.IsOk);
        if (bad == 0) return ExitCodes.Ok;
        c.Output.Problem($"error: {bad} of {statuses.Count} model file{(statuses.Count == 1 ? "" : "s")} in {FileKind.Show(c.Models.Path)} missing or wrong; 'lfr models fetch' downloads and checks them, or point --models at them");
        return ExitCodes.ModelProblem;
    }

    private static void Report(CommandContext c, List<ModelFileStatus> statuses)
    {
        if (c.Get(Json))
        {
            c.Output.Json(new
            {
                models_dir = c.Models.Path,
                chosen_by = c.Models.ChosenBy,
                models = statuses.Select(s => new { id = s.Spec.Id, path = s.Path, state = s.State, detail = s.Detail, sha256 = s.Spec.Sha256 }),
            });
            return;
        }
        foreach (var s in statuses)
        {
            if (s.IsOk) c.Output.Line($"ok       {s.Spec.Id}  {s.Path}");
            else c.Output.Line($"problem  {s.Spec.Id}  {s.Path}: {s.Detail}");
        }
        c.Output.Line($"models folder: {c.Models.Path} (chosen by {c.Models.ChosenBy})");
    }
}
