using System.Security.Cryptography;
using System.Text;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Vision.Catalogue;

/// <summary>What was found where a model file should be.</summary>
public enum ModelFileState
{
    /// <summary>The exact file the catalogue names: its size and SHA-256 match.</summary>
    Ok,
    /// <summary>Nothing there.</summary>
    Missing,
    /// <summary>A Git LFS pointer, not the weights (a clone without LFS).</summary>
    GitLfsPointer,
    /// <summary>A file of another size (a truncated download), or not a regular file.</summary>
    WrongSize,
    /// <summary>The right size but other bytes: never loaded.</summary>
    WrongHash,
}

/// <summary>A model file checked against the catalogue: where it was looked for, what was found and, in words, why.</summary>
/// <param name="Spec">The catalogue entry the file must match.</param>
/// <param name="Path">Where it was looked for.</param>
/// <param name="State">What was found.</param>
/// <param name="Detail">What is wrong, in one line, or the hash that matched.</param>
public sealed record ModelFileStatus(ModelSpec Spec, string Path, ModelFileState State, string Detail)
{
    /// <summary>The file may be loaded.</summary>
    public bool IsOk => State == ModelFileState.Ok;
}

/// <summary>
/// Checks a model file is the exact file the catalogue names, before ONNX Runtime ever sees it: a Git LFS
/// pointer or a truncated download otherwise fails deep inside protobuf parsing with no hint of the cause.
/// </summary>
public static class ModelFileCheck
{
    /// <summary>Checks the file <paramref name="spec"/> names in <paramref name="dir"/>: never throws for what it finds.</summary>
    public static ModelFileStatus Check(ModelSpec spec, ModelDirectory dir)
    {
        var path = dir.PathOf(spec);
        var kind = FileKind.Of(path);
        if (kind == FileKindOf.Missing)
            return new(spec, path, ModelFileState.Missing, "not found");
        if (kind != FileKindOf.Regular)
            return new(spec, path, ModelFileState.WrongSize, $"is {FileKind.Describe(kind)}, not a model file");
        long size = new FileInfo(path).Length;
        if (size < 1024 && LooksLikeLfsPointer(path))
            return new(spec, path, ModelFileState.GitLfsPointer, "is a Git LFS pointer, not the model (the repository was cloned without git lfs)");
        if (size != spec.Size)
            return new(spec, path, ModelFileState.WrongSize, $"is {size:N0} bytes, expected {spec.Size:N0} (truncated or a different file)");
        string sha;
        using (var f = File.OpenRead(path)) sha = Convert.ToHexStringLower(SHA256.HashData(f));
        if (!string.Equals(sha, spec.Sha256, StringComparison.OrdinalIgnoreCase))
            return new(spec, path, ModelFileState.WrongHash, $"has SHA-256 {sha[..12]}…, expected {spec.Sha256[..12]}… (a different or corrupted file)");
        return new(spec, path, ModelFileState.Ok, "ok");
    }

    /// <summary>Checks and throws one clear line (file, problem, fix) when the file is not usable.</summary>
    public static string RequireOk(ModelSpec spec, ModelDirectory dir)
    {
        var status = Check(spec, dir);
        if (status.IsOk) return status.Path;
        throw new ModelFileException(
            $"{status.Path}: {spec.Role.ToString().ToLowerInvariant()} model '{spec.Id}' {status.Detail}; " +
            $"run 'lfr models fetch', or point the models folder ({ModelDirectory.EnvironmentVariable}) at a folder that has it (models folder chosen by {dir.ChosenBy})");
    }

    private static bool LooksLikeLfsPointer(string path)
    {
        var head = new byte[64];
        using var f = File.OpenRead(path);
        int n = f.Read(head);
        return Encoding.ASCII.GetString(head, 0, n).StartsWith("version https://git-lfs", StringComparison.Ordinal);
    }
}
