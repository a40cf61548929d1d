using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Vision.Streams;

namespace LfrAudit.Vision.Tests.Streams;

/// <summary>The YUV4MPEG2 reader: headers as ffmpeg writes them, whole and cut-short pictures, and any bytes at all.</summary>
public class Y4mStreamTests
{
    private static Stream Bytes(string header, params byte[][] frames)
    {
        var m = new MemoryStream();
        m.Write(Encoding.ASCII.GetBytes(header));
        foreach (var f in frames) { m.Write("FRAME\n"u8); m.Write(f); }
        m.Position = 0;
        return m;
    }

    [Fact]
    public void A_header_as_ffmpeg_writes_it_gives_the_size_and_rate_and_pictures_arrive_whole()
    {
        var picture = Enumerable.Range(0, 4 * 2 * 3 / 2).Select(i => (byte)(i * 7)).ToArray();
        var y4m = new Y4mStream(Bytes("YUV4MPEG2 W4 H2 F30000:1001 Ip A1:1 C420mpeg2 XYSCSS=420MPEG2\n", picture, picture[..5]));
        var format = y4m.ReadHeader()!;
        Assert.Equal((4, 2), (format.Width, format.Height));
        Assert.Equal(29.97, format.Fps!.Value, 2);
        using var mat = Y4mStream.NewPicture(format);
        Assert.True(y4m.ReadFrame(format, mat));
        mat.GetArray(out byte[] got);
        Assert.Equal(picture, got);
        Assert.False(y4m.ReadFrame(format, mat)); // the second picture is cut short: end of stream, not a half picture
    }

    [Theory]
    [InlineData("RIFF W4 H2\n")]
    [InlineData("YUV4MPEG2 W5 H2\n")]
    [InlineData("YUV4MPEG2 W4 H2 C444\n")]
    [InlineData("YUV4MPEG2 W99999999999 H2\n")]
    [InlineData("YUV4MPEG2 W-4 H2\n")]
    [InlineData("YUV4MPEG2 H2\n")]
    public void A_header_that_is_not_a_camera_picture_is_refused(string header) =>
        Assert.Throws<InvalidDataException>(() => new Y4mStream(Bytes(header)).ReadHeader());

    [Fact]
    public void An_empty_stream_has_no_header() => Assert.Null(new Y4mStream(new MemoryStream()).ReadHeader());

    [Fact]
    public void Any_bytes_at_all_give_a_format_or_end_of_stream_or_invalid_data_never_another_failure()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            var withHeader = Encoding.ASCII.GetBytes("YUV4MPEG2 ").Concat(bytes).ToArray();
            foreach (var input in new[] { bytes, withHeader })
            {
                try
                {
                    var y4m = new Y4mStream(new MemoryStream(input));
                    if (y4m.ReadHeader() is { } f)
                    {
                        using var mat = Y4mStream.NewPicture(f);
                        while (y4m.ReadFrame(f, mat)) { }
                    }
                }
                catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException) { }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
