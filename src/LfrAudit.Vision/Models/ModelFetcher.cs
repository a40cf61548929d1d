using System.Security.Cryptography;

namespace LfrAudit.Vision.Models;

/// <summary>
/// Downloads a model from its upstream URL into the models folder. The bytes go to a temporary file in the
/// same folder and are moved into place only once their SHA-256 matches, so a failed or tampered download
/// never leaves a file that looks usable.
/// </summary>
public sealed class ModelFetcher(HttpClient http)
{
    public async Task<ModelFileStatus> FetchAsync(ModelSpec spec, ModelDirectory dir, IProgress<(long Done, long? Total)>? progress, CancellationToken ct)
    {
        var existing = ModelFileCheck.Check(spec, dir);
        if (existing.IsOk) return existing;

        var path = dir.PathOf(spec);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        try
        {
            using var response = await http.GetAsync(spec.Url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            long? total = response.Content.Headers.ContentLength;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var input = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false))
            await using (var output = File.Create(temp))
            {
                var buffer = new byte[81920];
                long done = 0;
                int n;
                while ((n = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                    done += n;
                    progress?.Report((done, total));
                }
                await output.FlushAsync(ct).ConfigureAwait(false);
            }
            var got = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (!string.Equals(got, spec.Sha256, StringComparison.OrdinalIgnoreCase))
                return new(spec, path, ModelFileState.WrongHash, $"download from {spec.Url} has SHA-256 {got[..12]}…, expected {spec.Sha256[..12]}…; not installed");
            File.Move(temp, path, overwrite: true);
            return ModelFileCheck.Check(spec, dir);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
