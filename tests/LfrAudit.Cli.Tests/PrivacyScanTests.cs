using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The privacy scan's image check: it finds a real photo wherever it lies in a file, and is not fooled by the
/// start-of-image bytes turning up by chance in sealed evidence (which failed a CI run).
/// </summary>
public class PrivacyScanTests
{
    private static readonly byte[][] Photos = PrivacyScan.NotEnrolled
        .Select(n => File.ReadAllBytes(SharedData.Dataset("lfw", "images", n, $"{n}_0001.jpg"))).ToArray();

    private static Gen<byte[]> Noise(int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    [Fact]
    [Trait("Category", "Unit")]
    public void A_real_photo_is_found_wherever_it_lies_in_random_bytes()
    {
        var files = from before in Noise(5000)
                    from photo in Gen.Elements(Photos)
                    from after in Noise(5000)
                    select (Before: before, Photo: photo, After: after);
        Prop.ForAll(files.ToArbitrary(), f => PrivacyScan.HasJpegStart([.. f.Before, .. f.Photo, .. f.After]))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void Start_of_image_bytes_in_random_data_are_not_a_photo_unless_a_header_follows()
    {
        // Random bytes with the three start bytes planted, where what follows does not state a header's length
        // landing on the next marker: what sealed evidence looks like when the start bytes turn up by chance.
        var files = from before in Noise(3000)
                    from after in Noise(3000)
                    select (Before: before, After: after);
        Prop.ForAll(files.ToArbitrary(), f =>
        {
            byte[] data = [.. f.Before.Select(b => b == 0xFF ? (byte)0 : b), 0xFF, 0xD8, 0xFF, .. f.After.Select(b => b == 0xFF ? (byte)0 : b)];
            return !PrivacyScan.HasJpegStart(data);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
