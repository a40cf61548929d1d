using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LfrAudit.Storage.Relational;

/// <summary>
/// An alert's evidence sealed under its own random 256-bit key with AES-GCM. Without the key the ciphertext is noise:
/// destroying the key is deleting the evidence, wherever copies of the ciphertext went. Plaintext layout, little-endian
/// lengths: -1 (the layout with a scene), the crop's length, the JPEG crop, the scene's length, the JPEG scene, then the
/// embedding's float32 bytes. Evidence sealed before scenes were kept starts with the crop's length (never negative) and
/// has no scene; it still opens.
/// </summary>
internal static class EvidenceSealing
{
    public sealed record Sealed(byte[] Key, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

    private const int WithScene = -1;

    public static Sealed Seal(byte[] crop, byte[] scene, byte[] embedding)
    {
        var plain = new byte[12 + crop.Length + scene.Length + embedding.Length];
        BinaryPrimitives.WriteInt32LittleEndian(plain, WithScene);
        BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(4), crop.Length);
        crop.CopyTo(plain, 8);
        BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(8 + crop.Length), scene.Length);
        scene.CopyTo(plain, 12 + crop.Length);
        embedding.CopyTo(plain, 12 + crop.Length + scene.Length);
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plain, cipher, tag);
        CryptographicOperations.ZeroMemory(plain);
        return new Sealed(key, nonce, cipher, tag);
    }

    public static (byte[] Crop, byte[] Scene, byte[] Embedding) Open(byte[] key, byte[] nonce, byte[] cipher, byte[] tag)
    {
        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(key, tag.Length)) aes.Decrypt(nonce, cipher, tag, plain);
        try
        {
            int first = BinaryPrimitives.ReadInt32LittleEndian(plain);
            if (first != WithScene) return (plain[4..(4 + first)], [], plain[(4 + first)..]); // sealed before scenes
            int crop = BinaryPrimitives.ReadInt32LittleEndian(plain.AsSpan(4));
            int scene = BinaryPrimitives.ReadInt32LittleEndian(plain.AsSpan(8 + crop));
            return (plain[8..(8 + crop)], plain[(12 + crop)..(12 + crop + scene)], plain[(12 + crop + scene)..]);
        }
        finally { CryptographicOperations.ZeroMemory(plain); } // the copies are the caller's to wipe; this one is not left behind
    }
}
