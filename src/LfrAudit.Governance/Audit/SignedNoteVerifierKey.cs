using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// A public key for checking signed notes, as the one line the Go note package calls a verifier key:
/// "&lt;name&gt;+&lt;8 hex digits of key ID&gt;+&lt;base64(0x02 ‖ SubjectPublicKeyInfo DER)&gt;". It is what the IAG or a
/// witness is handed to check this log's checkpoints.
/// </summary>
/// <remarks>
/// Signature type 0x02 is defined by c2sp.org/signed-note only as "ECDSA signatures as implemented by
/// github.com/transparency-dev/witness", with the key ID being "the truncated SHA-256 hash of the DER
/// encoded public key in SPKI format" (not the name-prefixed hash the spec recommends for other types).
/// What this relies on, read from that implementation (transparency-dev/formats, note/note_verifier.go,
/// NewECDSAVerifier, and its tests): the key ID is the first 4 bytes, big-endian, of SHA-256 of the SPKI
/// DER; the verifier key's middle part is that ID in hex and must match the DER; the signature is checked
/// with Go's ecdsa.VerifyASN1 over sha256.Sum256(note text), so it is an ASN.1 DER ECDSA signature over
/// SHA-256 whatever the curve. This log signs with P-256 only, the curve the spec says SHOULD be used, and
/// refuses other curves rather than guess.
/// </remarks>
public sealed class SignedNoteVerifierKey
{
    /// <summary>The signature type byte of c2sp.org/signed-note for ECDSA as transparency-dev/witness does it.</summary>
    public const byte EcdsaSignatureType = 0x02;

    private const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly byte[] _spki;

    /// <summary>The key's name in a signature line: for a checkpoint, the log's origin.</summary>
    public string Name { get; }

    /// <summary>
    /// The 4-byte key ID a signature line carries, so a verifier picks its key's lines and ignores others.
    /// </summary>
    public uint KeyId { get; }

    /// <summary>The public key as SubjectPublicKeyInfo DER (a copy).</summary>
    public byte[] SubjectPublicKeyInfo => _spki.ToArray();

    private SignedNoteVerifierKey(string name, byte[] spki)
    {
        Name = name;
        _spki = spki;
        KeyId = KeyIdOf(spki);
    }

    /// <summary>The verifier key for a P-256 key under a name (the log's origin, for a checkpoint).</summary>
    public static SignedNoteVerifierKey For(string name, ECDsa publicKey)
    {
        if (SignedNote.NameProblem(name) is { } why) throw new ArgumentException($"not a valid key name: {why}", nameof(name));
        RequireP256(publicKey);
        return new SignedNoteVerifierKey(name, publicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>First 4 bytes, big-endian, of SHA-256 of the SubjectPublicKeyInfo DER.</summary>
    public static uint KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>The key ID of a public key: the same 4 bytes, from its SubjectPublicKeyInfo DER.</summary>
    public static uint KeyIdOf(ECDsa publicKey) => KeyIdOf(publicKey.ExportSubjectPublicKeyInfo());

    /// <summary>The one-line verifier key, "name+id+key", as the IAG or a witness is handed it.</summary>
    public override string ToString()
    {
        var keyBytes = new byte[1 + _spki.Length];
        keyBytes[0] = EcdsaSignatureType;
        _spki.CopyTo(keyBytes, 1);
        return $"{Name}+{KeyId:x8}+{Convert.ToBase64String(keyBytes)}";
    }

    /// <summary>A new ECDsa holding this public key; the caller disposes it.</summary>
    public ECDsa CreatePublicKey()
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_spki, out _);
        return key;
    }

    /// <summary>Reads a verifier key line; null, with the reason, when it is not a P-256 type-0x02 key whose ID matches.</summary>
    public static SignedNoteVerifierKey? TryParse(string? line, out string? problem)
    {
        problem = null;
        // At most three parts: the name and the ID hold no '+', but base64 does.
        var parts = (line ?? "").Split('+', 3);
        if (parts.Length != 3) { problem = $"a verifier key has 3 parts separated by '+', this has {parts.Length}"; return null; }
        var (name, idHex, keyBase64) = (parts[0], parts[1], parts[2]);
        if (SignedNote.NameProblem(name) is { } why) { problem = $"its name is not valid: {why}"; return null; }
        if (idHex.Length != 8 || !uint.TryParse(idHex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint declaredId))
        { problem = "its key ID is not 8 hex digits"; return null; }
        var keyBytes = StrictBase64.Decode(keyBase64);
        if (keyBytes is null || keyBytes.Length < 2) { problem = "its key is not canonical base64 of a type byte and a key"; return null; }
        if (keyBytes[0] != EcdsaSignatureType) { problem = $"its signature type is 0x{keyBytes[0]:x2}, not 0x02 (ECDSA)"; return null; }
        var spki = keyBytes[1..];
        if (!IsCanonicalP256(spki)) { problem = "its key is not a P-256 public key in SubjectPublicKeyInfo DER"; return null; }
        var key = new SignedNoteVerifierKey(name, spki);
        if (key.KeyId != declaredId) { problem = $"its key ID {idHex} does not match its key ({key.KeyId:x8})"; return null; }
        return key;
    }

    // The ID hashes the DER as given, so only the one encoding .NET (and Go's x509) would write back is
    // accepted: an uncompressed point, nothing trailing.
    private static bool IsCanonicalP256(byte[] spki)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(spki, out int read);
            return read == spki.Length && IsP256(key) && key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki);
        }
        catch (CryptographicException) { return false; }
    }

    internal static bool IsP256(ECDsa key)
    {
        try { return key.ExportParameters(false).Curve is { IsNamed: true } curve && curve.Oid.Value == P256Oid; }
        catch (CryptographicException) { return false; }
    }

    internal static void RequireP256(ECDsa key)
    {
        if (!IsP256(key)) throw new ArgumentException("checkpoints are signed with ECDSA P-256 keys only", nameof(key));
    }
}
