using System.Globalization;
using System.Text;
using OpenCvSharp;

namespace LfrAudit.Vision.Streams;

/// <summary>The picture a YUV4MPEG2 stream carries, from its header.</summary>
internal sealed record Y4mFormat(int Width, int Height, double? Fps)
{
    /// <summary>Bytes of one 4:2:0 picture: the full-size luma plane and two quarter-size chroma planes.</summary>
    public int FrameBytes => Width * Height * 3 / 2;
}

/// <summary>
/// Reads a YUV4MPEG2 stream (what ffmpeg writes with <c>-f yuv4mpegpipe</c>): a header line naming the size and
/// rate, then "FRAME" lines each followed by one 4:2:0 picture. The header makes the stream self-describing, so
/// one connection to a camera is enough — no separate probe that a single-client server would count as its client.
/// </summary>
internal sealed class Y4mStream(Stream input)
{
    private const int MaxLine = 4096;

    /// <summary>Reads the header; null at end of stream.</summary>
    public Y4mFormat? ReadHeader()
    {
        var line = ReadLine();
        if (line is null) return null;
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] != "YUV4MPEG2") throw new InvalidDataException("not a YUV4MPEG2 stream");
        int w = 0, h = 0;
        double? fps = null;
        foreach (var p in parts.Skip(1))
        {
            if (p[0] == 'W') w = Number(p);
            else if (p[0] == 'H') h = Number(p);
            else if (p[0] == 'F' && p[1..].Split(':') is [var num, var den] && double.TryParse(num, CultureInfo.InvariantCulture, out var n)
                     && double.TryParse(den, CultureInfo.InvariantCulture, out var d) && n > 0 && d > 0) fps = n / d;
            else if (p[0] == 'C' && !p.StartsWith("C420", StringComparison.Ordinal)) throw new InvalidDataException($"colour space {p[1..]} is not 4:2:0");
        }
        if (w is < 2 or > 8192 || h is < 2 or > 8192 || w % 2 != 0 || h % 2 != 0)
            throw new InvalidDataException($"picture size {w}x{h} is not an even size a camera sends");
        return new Y4mFormat(w, h, fps);
    }

    private static int Number(string field) => int.TryParse(field.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        ? n : throw new InvalidDataException($"header field '{field}' is not a size");

    /// <summary>Reads the next picture into <paramref name="yuv"/> (rows: height × 3/2, 8-bit); false at end of stream.</summary>
    public unsafe bool ReadFrame(Y4mFormat format, Mat yuv)
    {
        if (ReadLineBytes() is not { } length) return false;
        if (!IsFrameMarker(length)) throw new InvalidDataException("expected a FRAME marker");
        if (!yuv.IsContinuous() || yuv.Total() < format.FrameBytes) throw new ArgumentException("the picture buffer does not fit the stream's format");
        var span = new Span<byte>((void*)yuv.Data, format.FrameBytes);
        try { input.ReadExactly(span); }
        catch (EndOfStreamException) { return false; }
        return true;
    }

    /// <summary>A new buffer for one picture, laid out as OpenCV's I420 conversion expects.</summary>
    public static Mat NewPicture(Y4mFormat f) => new(f.Height * 3 / 2, f.Width, MatType.CV_8UC1, Scalar.All(0));

    private readonly byte[] _line = new byte[MaxLine];

    private string? ReadLine() => ReadLineBytes() is { } n ? Encoding.ASCII.GetString(_line, 0, n) : null;

    // A frame's marker line read into a buffer kept from frame to frame: no allocation per picture.
    private bool IsFrameMarker(int length) => _line.AsSpan(0, length).StartsWith("FRAME"u8);

    private int? ReadLineBytes()
    {
        int count = 0;
        while (true)
        {
            int b = input.ReadByte();
            if (b < 0) return count == 0 ? null : throw new EndOfStreamException("stream ended inside a header line");
            if (b == '\n') return count;
            if (count >= MaxLine) throw new InvalidDataException("header line too long");
            _line[count++] = (byte)b;
        }
    }
}
