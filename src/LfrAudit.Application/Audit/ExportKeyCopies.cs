using System.Security.Cryptography;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Application.Audit;

/// <summary>
/// The key files an export carries for others — its public key and the checkpoint's verifier key — must be the key it
/// was verified with. Otherwise the export verifies and still hands a forger's key to whoever sets up from its copies
/// (a witness configured from its .vkey, an IAG member who pins its .pem).
/// </summary>
internal static class ExportKeyCopies
{
    /// <summary>The first copy that is not <paramref name="trusted"/>, in one line naming the file and both key ids; or null.</summary>
    public static string? Problem(string exportDir, ECDsa trusted)
    {
        var trustedId = TreeHead.KeyIdOf(trusted);
        var pemPath = Path.Combine(exportDir, AuditKeys.PublicFile);
        string pemId;
        try { using var pem = AuditKeys.LoadPublic(pemPath); pemId = TreeHead.KeyIdOf(pem); }
        catch (LfrInputException ex) { return $"the export's public key: {ex.Message}"; }
        if (pemId != trustedId)
            return $"{FileKind.Show(pemPath)}: the export's public key is key id {pemId}, not the trusted operator key (key id {trustedId}): anyone who took the key from the export would trust a forger";
        return VerifierKeyProblem(Path.Combine(exportDir, AuditExport.VerifierKeyFile), trusted, trustedId);
    }

    // An export without any signed head has no checkpoint and so no verifier key; one that has it must name the trusted key.
    private static string? VerifierKeyProblem(string path, ECDsa trusted, string trustedId)
    {
        if (FileKind.Of(path) == FileKindOf.Missing) return null;
        string line;
        try
        {
            FileKind.RequireRegularFile(path, "checkpoint verifier key");
            long length = new FileInfo(path).Length;
            if (length > AuditKeys.MaxPublicKeyBytes) return $"{FileKind.Show(path)}: {length:N0} bytes, too large for a checkpoint verifier key";
            line = TextFiles.ReadAll(path, "checkpoint verifier key").TrimEnd('\n', '\r');
        }
        catch (LfrInputException ex) { return $"the export's checkpoint verifier key: {ex.Message}"; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return $"{FileKind.Show(path)}: cannot read the checkpoint verifier key: {ex.Message}"; }
        if (SignedNoteVerifierKey.TryParse(line, out var why) is not { } vkey)
            return $"{FileKind.Show(path)}: not a checkpoint verifier key: {why}";
        using var key = vkey.CreatePublicKey();
        var vkeyId = TreeHead.KeyIdOf(key);
        if (vkeyId != trustedId)
            return $"{FileKind.Show(path)}: the checkpoint verifier key is key id {vkeyId}, not the trusted operator key (key id {trustedId}): a witness set up from it would trust a forger";
        var origin = AuditExport.CheckpointOrigin(trusted);
        return vkey.Name == origin ? null
            : $"{FileKind.Show(path)}: the checkpoint verifier key names the log '{SafeText.Escape(vkey.Name)}', not '{origin}': a witness set up from it would refuse this log's checkpoints";
    }
}
