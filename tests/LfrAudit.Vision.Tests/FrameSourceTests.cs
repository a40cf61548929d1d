using LfrAudit.Testing;
using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Vision.Frames;

namespace LfrAudit.Vision.Tests;

public class FrameSourceTests(ModelFixture models) : IClassFixture<ModelFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-sources-").FullName;
    private static string StreetClip => SharedData.Dataset("videos", "facenet-pytorch_video.mp4");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(VideoDecoder.Ffmpeg)]
    [InlineData(VideoDecoder.OpenCv)]
    public void The_real_1080p_street_clip_decodes_and_its_walking_faces_are_found(VideoDecoder decoder)
    {
        using var source = new VideoFileSource(StreetClip, decoder);
        Assert.Equal(decoder, source.Decoder);
        Assert.Equal(1920, source.Width);
        Assert.Equal(1080, source.Height);
        int frames = 0, framesWithFaces = 0, faces = 0;
        foreach (var frame in source.ReadFrames(CancellationToken.None))
            using (frame)
            {
                frames++;
                int n = models.Detector.Detect(frame).Count(QualityGate.Default.Admits);
                faces += n;
                if (n > 0) framesWithFaces++;
            }
        Assert.Equal(105, frames);
        Assert.Empty(source.Warnings);
        // Measured 2026-11-23: searchable faces in every frame, about 3 per frame.
        Assert.True(framesWithFaces >= 100, $"faces in {framesWithFaces} of {frames} frames");
        Assert.True(faces >= 200, $"{faces} searchable faces");
    }

    [Fact]
    public void Both_decoders_give_the_same_pictures_of_a_file_whose_name_ffmpeg_could_misread()
    {
        // A colon would make ffmpeg read "clip:" as a protocol without the file: prefix.
        var path = Path.Combine(_dir, "street clip: copy.mp4");
        File.Copy(StreetClip, path);
        using var ours = new VideoFileSource(path, VideoDecoder.Ffmpeg);
        using var opencv = new VideoFileSource(path, VideoDecoder.OpenCv);
        var pairs = ours.ReadFrames(CancellationToken.None).Zip(opencv.ReadFrames(CancellationToken.None)).Take(12).ToList();
        Assert.Equal(12, pairs.Count);
        foreach (var (a, b) in pairs)
            using (a)
            using (b)
            {
                Assert.Equal((a.Index, a.Offset, a.Width, a.Height), (b.Index, b.Offset, b.Width, b.Height));
                // The same H.264 decoding; only the 4:2:0 → BGR conversion differs (OpenCV's against swscale's).
                using var diff = new OpenCvSharp.Mat();
                OpenCvSharp.Cv2.Absdiff(MatFrame.Pixels(a), MatFrame.Pixels(b), diff);
                var mean = OpenCvSharp.Cv2.Mean(diff);
                Assert.True(mean.Val0 + mean.Val1 + mean.Val2 < 3 * 2.5, $"frame {a.Index}: mean difference {mean}");
            }
    }

    [Fact]
    public void A_clip_with_a_gap_in_its_timestamps_gives_every_frame_once_whoever_decodes_it()
    {
        // Every third frame of a real clip, with 2 s of nothing after the 40th: ffmpeg's default would fill the gap.
        var path = Path.Combine(_dir, "gap.mp4");
        var make = System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-y", "-i", SharedData.Dataset("videos", "face_recognition_short_hamilton_clip.mp4"),
            "-an", "-vf", "select='not(mod(n,3))',setpts='N/(30*TB)+if(gte(N,40),2/TB,0)'", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", path])!;
        make.WaitForExit();
        Assert.Equal(0, make.ExitCode);
        int Count(VideoDecoder decoder)
        {
            using var source = new VideoFileSource(path, decoder);
            int n = 0;
            foreach (var frame in source.ReadFrames(CancellationToken.None)) { frame.Dispose(); n++; }
            return n;
        }
        Assert.Equal(92, Count(VideoDecoder.OpenCv));
        Assert.Equal(92, Count(VideoDecoder.Ffmpeg));
    }

    [Fact]
    public void A_video_left_part_way_leaves_no_ffmpeg_behind()
    {
        int decoder;
        using (var source = new VideoFileSource(StreetClip, VideoDecoder.Ffmpeg))
        {
            foreach (var frame in source.ReadFrames(CancellationToken.None).Take(3)) frame.Dispose();
            Assert.Empty(source.Warnings); // stopping early is not a truncated file
            decoder = source.DecoderProcessId ?? throw new InvalidOperationException("no ffmpeg was started");
        }
        // Gone and reaped: no /proc entry, not even a zombie's.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Directory.Exists($"/proc/{decoder}") && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(Directory.Exists($"/proc/{decoder}"), $"ffmpeg {decoder} still there");
    }

    [Theory]
    [InlineData(VideoDecoder.Ffmpeg)]
    [InlineData(VideoDecoder.OpenCv)]
    public void A_video_of_random_bytes_is_one_clear_error(VideoDecoder decoder)
    {
        var path = Path.Combine(_dir, "noise.mp4");
        File.WriteAllBytes(path, Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var ex = Assert.Throws<LfrInputException>(() => { using var s = new VideoFileSource(path, decoder); s.ReadFrames(CancellationToken.None).ToList(); });
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData(VideoDecoder.Ffmpeg)]
    [InlineData(VideoDecoder.OpenCv)]
    public void A_truncated_video_yields_the_frames_it_has_and_a_warning_or_a_clear_error(VideoDecoder decoder)
    {
        var path = Path.Combine(_dir, "half.mp4");
        var bytes = File.ReadAllBytes(SharedData.Dataset("videos", "face_recognition_short_hamilton_clip.mp4"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        try
        {
            using var source = new VideoFileSource(path, decoder);
            var frames = source.ReadFrames(CancellationToken.None).ToList();
            frames.ForEach(f => f.Dispose());
            Assert.True(frames.Count < 275);
            Assert.Contains(source.Warnings, w => w.Contains(path) && w.Contains("truncated"));
        }
        catch (LfrInputException ex)
        {
            // An MP4 cut before its index cannot be opened at all: that is the clear error instead.
            Assert.Contains(path, ex.Message);
        }
    }

    [Theory]
    [InlineData(VideoDecoder.Ffmpeg)]
    [InlineData(VideoDecoder.OpenCv)]
    public void A_video_cut_off_after_its_header_yields_the_frames_before_the_cut_and_a_warning(VideoDecoder decoder)
    {
        // Matroska keeps its duration at the front, so a file cut in half still opens and promises every frame.
        var whole = Path.Combine(_dir, "whole.mkv");
        var remux = System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-y", "-i",
            SharedData.Dataset("videos", "face_recognition_short_hamilton_clip.mp4"), "-c", "copy", "-an", whole])!;
        remux.WaitForExit();
        Assert.Equal(0, remux.ExitCode);
        var path = Path.Combine(_dir, "cut.mkv");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        using var source = new VideoFileSource(path, decoder);
        var frames = source.ReadFrames(CancellationToken.None).ToList();
        frames.ForEach(f => f.Dispose());
        Assert.InRange(frames.Count, 50, 250);
        Assert.Contains(source.Warnings, w => w.Contains(path) && w.Contains("truncated"));
    }

    [Fact]
    public void An_empty_file_and_a_missing_file_are_named()
    {
        var empty = Path.Combine(_dir, "empty.avi");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty", Assert.Throws<LfrInputException>(() => new VideoFileSource(empty)).Message);
        Assert.Contains("not found", Assert.Throws<LfrInputException>(() => FrameSources.Open(Path.Combine(_dir, "gone.mp4"))).Message);
    }

    [Fact]
    public void An_image_folder_skips_unreadable_images_with_a_warning_naming_each()
    {
        File.Copy(SharedData.Dataset("lfw", "images", "Colin_Powell", "Colin_Powell_0001.jpg"), Path.Combine(_dir, "a.jpg"));
        File.WriteAllText(Path.Combine(_dir, "b.jpg"), "this is not a jpeg");
        var truncated = File.ReadAllBytes(SharedData.Dataset("lfw", "images", "Colin_Powell", "Colin_Powell_0002.jpg"));
        File.WriteAllBytes(Path.Combine(_dir, "c.png"), truncated[..20]);
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "ignored: not an image extension");
        using var source = (ImageFolderSource)FrameSources.Open(_dir);
        var frames = source.ReadFrames(CancellationToken.None).ToList();
        frames.ForEach(f => f.Dispose());
        Assert.Single(frames);
        Assert.Equal(2, source.Warnings.Count);
        Assert.Contains(source.Warnings, w => w.Contains("b.jpg"));
        Assert.Contains(source.Warnings, w => w.Contains("c.png"));
    }

    [Fact]
    public void A_camera_that_is_not_there_is_a_clear_error() =>
        Assert.Contains("camera 9", Assert.Throws<LfrInputException>(() => new CameraSource(9)).Message);

    [Fact]
    public void A_frame_wipes_its_pixels_when_disposed()
    {
        var mat = new OpenCvSharp.Mat(4, 4, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(200));
        var view = new OpenCvSharp.Mat(mat, new OpenCvSharp.Rect(0, 0, 4, 4)); // shares the pixels
        new MatFrame(mat, 0, TimeSpan.Zero).Dispose();
        Assert.Equal(0, OpenCvSharp.Cv2.CountNonZero(view.Reshape(1)));
        view.Dispose();
    }

    [Fact]
    public void A_pooled_frame_is_wiped_when_given_back_reused_while_the_source_lasts_and_freed_after()
    {
        var pool = new FramePool(keep: 2);
        var mat = pool.Rent(4, 6);
        mat.SetTo(OpenCvSharp.Scalar.All(200));
        new MatFrame(mat, 0, TimeSpan.Zero, pool).Dispose();
        Assert.False(mat.IsDisposed);
        Assert.Equal(0, OpenCvSharp.Cv2.CountNonZero(mat.Reshape(1)));
        Assert.Same(mat, pool.Rent(4, 6));      // the same buffer read into again
        var other = pool.Rent(8, 6);            // another size: a new buffer
        Assert.NotSame(mat, other);
        pool.Dispose();
        new MatFrame(other, 1, TimeSpan.Zero, pool).Dispose(); // back after the source closed: freed
        Assert.True(other.IsDisposed);
        mat.Dispose();
    }

    [Fact]
    public void A_video_read_by_ffmpeg_reuses_its_picture_buffers()
    {
        using var source = new VideoFileSource(StreetClip, VideoDecoder.Ffmpeg);
        var seen = new HashSet<IntPtr>();
        foreach (var frame in source.ReadFrames(CancellationToken.None).Take(20))
            using (frame) seen.Add(MatFrame.Pixels(frame).Data);
        Assert.True(seen.Count <= 2, $"{seen.Count} picture buffers for 20 frames");
    }

    [Fact]
    public void A_non_image_file_as_a_reference_image_is_named()
    {
        var path = Path.Combine(_dir, "model.jpg");
        File.Copy(SharedData.Models.PathOf(LfrAudit.Vision.Catalogue.ModelCatalogue.Embedded.DefaultFor(LfrAudit.Vision.Catalogue.ModelRole.Detector)), path);
        var ex = Assert.Throws<LfrInputException>(() => new ImageFileReader().Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("not a readable image", ex.Message);
    }
}
