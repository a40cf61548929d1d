using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LfrAudit.Storage.Relational;

/// <summary>
/// An alert's evidence sealed under its own random 256-bit key with AES-GCM. Plaintext layout: crop length
/// (4 bytes, little-endian), the JPEG crop, then the embedding's float32 bytes. Without the key the
/// ciphertext is noise: destroying the key is deleting the evidence, wherever copies of the ciphertext went.
/// </summary>
internal static class EvidenceSealing
{
    public sealed record Sealed(byte[] Key, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

    public static Sealed Seal(byte[] crop, byte[] embedding)
    {
        var plain = new byte[4 + crop.Length + embedding.Length];
        BinaryPrimitives.WriteInt32LittleEndian(plain, crop.Length);
        crop.CopyTo(plain, 4);
        embedding.CopyTo(plain, 4 + crop.Length);
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plain, cipher, tag);
        CryptographicOperations.ZeroMemory(plain);
        return new Sealed(key, nonce, cipher, tag);
    }

    public static (byte[] Crop, byte[] Embedding) Open(byte[] key, byte[] nonce, byte[] cipher, byte[] tag)
    {
        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(key, tag.Length)) aes.Decrypt(nonce, cipher, tag, plain);
        int cropLength = BinaryPrimitives.ReadInt32LittleEndian(plain);
        var opened = (plain[4..(4 + cropLength)], plain[(4 + cropLength)..]);
        CryptographicOperations.ZeroMemory(plain); // the copies are the caller's to wipe; this one is not left behind
        return opened;
    }
}
