namespace LfrAudit.Vision.Catalogue;

/// <summary>Fetches a catalogue model from its upstream URL into the models folder, unless a good copy is there.</summary>
public sealed class ModelFetcher(HttpClient http)
{
    /// <summary>
    /// Downloads <paramref name="spec"/>'s file into <paramref name="dir"/> and checks it (size, SHA-256) before it takes
    /// the file's place; a good copy already there is kept, and a model no upstream serves is reported, not fetched.
    /// </summary>
    public async Task<ModelFileStatus> FetchAsync(ModelSpec spec, ModelDirectory dir, CancellationToken ct)
    {
        var existing = ModelFileCheck.Check(spec, dir);
        if (existing.IsOk) return existing;
        if (spec.Url is null)
            return new ModelFileStatus(spec, dir.PathOf(spec), ModelFileState.Missing,
                $"no upstream serves these bytes ({spec.Source}): place the file at {dir.PathOf(spec)}; its SHA-256 is checked before use");
        var problem = await new VerifiedDownload(http).FetchAsync(spec.Url, spec.Sha256, dir.PathOf(spec), ct).ConfigureAwait(false);
        return problem is null ? ModelFileCheck.Check(spec, dir) : new ModelFileStatus(spec, dir.PathOf(spec), ModelFileState.Missing, problem);
    }
}
