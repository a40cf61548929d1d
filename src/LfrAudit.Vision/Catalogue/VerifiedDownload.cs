using System.Security.Cryptography;

namespace LfrAudit.Vision.Catalogue;

/// <summary>
/// Downloads a file and installs it only if its SHA-256 matches. The bytes go to a temporary file beside
/// the destination and are moved into place after the check, so a failed or tampered download never
/// leaves a file that looks usable.
/// </summary>
public sealed class VerifiedDownload(HttpClient http)
{
    /// <summary>Returns null when installed, else why not (one line).</summary>
    public async Task<string?> FetchAsync(string url, string sha256, string destination, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var temp = destination + ".part";
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return $"download from {url} failed: HTTP {(int)response.StatusCode}";
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var input = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false))
            await using (var output = File.Create(temp))
            {
                var buffer = new byte[81920];
                int n;
                while ((n = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                }
            }
            var got = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (!string.Equals(got, sha256, StringComparison.OrdinalIgnoreCase))
                return $"download from {url} has SHA-256 {got[..12]}…, expected {sha256[..12]}…; not installed";
            File.Move(temp, destination, overwrite: true);
            return null;
        }
        catch (HttpRequestException ex)
        {
            return $"download from {url} failed: {ex.Message}";
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>A file's SHA-256, as lower-case hex.</summary>
    public static string Sha256Of(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(f));
    }
}
