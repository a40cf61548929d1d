using System.Buffers.Binary;
using LfrAudit.Core.Problems;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// What an image file may be before we decode it: a regular file (a FIFO would block, a device never end),
/// at most 64 MiB, and at most 50 megapixels by its header — a small file can declare a huge canvas, and a
/// decoder would allocate it (a decompression bomb). Formats whose header we do not read are checked by
/// size here and by pixels after decoding.
/// </summary>
public static class ImageLimits
{
    /// <summary>The largest image file read: 64 MiB.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;
    /// <summary>The largest canvas an image may declare: 50 megapixels.</summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>Reads an image file's bytes within the limits, or throws one line naming the file and the problem.</summary>
    public static byte[] ReadBytes(string path)
    {
        FileKind.RequireRegularFile(path, "image");
        var shown = FileKind.Show(path);
        long length = new FileInfo(path).Length;
        if (length == 0) throw new LfrInputException($"{shown}: image file is empty");
        if (length > MaxBytes) throw new LfrInputException($"{shown}: image file is {length / 1048576.0:0.#} MiB, over the {MaxBytes / 1048576} MiB limit");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new LfrInputException($"{shown}: cannot read image: {ex.Message}", ex); }
        if (DeclaredSize(bytes) is { } size) RequirePixels(size.Width, size.Height, shown);
        return bytes;
    }

    /// <summary>Refuses a canvas over <see cref="MaxPixels"/> (or with a side of zero or less), naming the image as <paramref name="shown"/>.</summary>
    public static void RequirePixels(long width, long height, string shown)
    {
        if (width <= 0 || height <= 0 || width * height > MaxPixels)
            throw new LfrInputException($"{shown}: image declares {width}×{height} pixels, over the {MaxPixels / 1_000_000} megapixel limit (or not a real size)");
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from a PNG, JPEG, GIF, BMP or WebP header; null for other formats or a header too short to say.</summary>
    public static (long Width, long Height)? DeclaredSize(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 24 && b[..8].SequenceEqual(PngSignature))
            return (BinaryPrimitives.ReadUInt32BigEndian(b[16..]), BinaryPrimitives.ReadUInt32BigEndian(b[20..]));
        if (b.Length >= 10 && (b[..6].SequenceEqual("GIF87a"u8) || b[..6].SequenceEqual("GIF89a"u8)))
            return (BinaryPrimitives.ReadUInt16LittleEndian(b[6..]), BinaryPrimitives.ReadUInt16LittleEndian(b[8..]));
        if (b.Length >= 26 && b[0] == 'B' && b[1] == 'M')
            return (Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[18..])), Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[22..])));
        if (b.Length >= 30 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            var chunk = b[12..16];
            if (chunk.SequenceEqual("VP8X"u8)) return (1 + (b[24] | b[25] << 8 | b[26] << 16), 1 + (b[27] | b[28] << 8 | b[29] << 16));
            if (chunk.SequenceEqual("VP8 "u8)) return (BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & 0x3FFF);
            if (chunk.SequenceEqual("VP8L"u8))
            {
                uint bits = BinaryPrimitives.ReadUInt32LittleEndian(b[21..]);
                return (1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
            }
            return null;
        }
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8) return JpegSize(b);
        return null;
    }

    // Walks the JPEG markers to the first start-of-frame (SOF0-SOF15 but DHT, JPG and DAC), which holds the size.
    private static (long, long)? JpegSize(ReadOnlySpan<byte> b)
    {
        int i = 2;
        while (i + 9 < b.Length)
        {
            if (b[i] != 0xFF) return null;
            byte marker = b[i + 1];
            if (marker == 0xFF) { i++; continue; }
            if (marker is 0xD8 or 0x01 or >= 0xD0 and <= 0xD7) { i += 2; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return (BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]));
            if (length < 2) return null;
            i += 2 + length;
        }
        return null;
    }
}
