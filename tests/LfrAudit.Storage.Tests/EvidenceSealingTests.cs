using System.Buffers.Binary;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Storage.Relational;

namespace LfrAudit.Storage.Tests;

/// <summary>Evidence opens to exactly what was sealed, scene or none, and evidence sealed before scenes were kept still opens.</summary>
public sealed class EvidenceSealingTests
{
    [Fact]
    public void Any_crop_scene_and_embedding_open_to_exactly_what_was_sealed()
    {
        var bytes = ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null);
        Prop.ForAll(bytes.ToArbitrary(), bytes.ToArbitrary(), bytes.ToArbitrary(), (crop, scene, embedding) =>
        {
            var s = EvidenceSealing.Seal(crop, scene, embedding);
            var (c, sc, e) = EvidenceSealing.Open(s.Key, s.Nonce, s.Ciphertext, s.Tag);
            return c.SequenceEqual(crop) && sc.SequenceEqual(scene) && e.SequenceEqual(embedding);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Evidence_sealed_before_scenes_opens_with_no_scene()
    {
        byte[] crop = [0xFF, 0xD8, 1, 2, 3], embedding = [0, 0, 128, 63, 0, 0, 0, 64];
        // The layout before scenes: the crop's length, the crop, the embedding.
        var plain = new byte[4 + crop.Length + embedding.Length];
        BinaryPrimitives.WriteInt32LittleEndian(plain, crop.Length);
        crop.CopyTo(plain, 4);
        embedding.CopyTo(plain, 4 + crop.Length);
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(key, 16)) aes.Encrypt(nonce, plain, cipher, tag);
        var (c, scene, e) = EvidenceSealing.Open(key, nonce, cipher, tag);
        Assert.Equal(crop, c);
        Assert.Empty(scene);
        Assert.Equal(embedding, e);
    }
}
