using LfrAudit.Core.Problems;
using OpenCvSharp;

namespace LfrAudit.Vision.Synthesis;

/// <summary>
/// Writes crowd footage: people walking towards the camera over a real scene, their faces growing from about
/// 20 to about 150 pixels high as they come closer (height ∝ 1 / distance at a steady pace), converging on the
/// scene's horizon far away (<see cref="CrowdLook.Horizon"/>), so their feet stand on the scene's floor. Nearer people
/// are drawn over farther ones, so bodies hide faces as in a real crowd; each body is in proportion to its face, swings its arms and legs and casts a soft shadow
/// (<see cref="WalkerBody"/>). Each head is turned and tilted within what a walker does (yaw, roll), lit by the
/// scene where the walker stands, the scene's drifting light and its own shade, blurred by its motion over the open
/// shutter, sometimes partly covered; the camera adds sensor noise and MJPG compression. The truth holds every walker's face box in every frame it is in view.
/// </summary>
public static class CrowdClip
{
    /// <summary>The crowd filmed in front of a scene plate (<see cref="ScenePlate"/>).</summary>
    public static CrowdTruth Write(string videoPath, ScenePlate background, CrowdLook look, IReadOnlyList<CrowdWalker> walkers, ulong seed,
        Action<int>? framesDone = null, CancellationToken cancellation = default) =>
        Write(videoPath, background.Image, look, walkers, seed, framesDone, cancellation);

    /// <summary>
    /// Films <paramref name="walkers"/> crossing <paramref name="background"/> as <paramref name="look"/> says, to a video
    /// file, and returns the frame-exact truth of who is where; the same <paramref name="seed"/> gives the same clip.
    /// </summary>
    internal static CrowdTruth Write(string videoPath, Mat background, CrowdLook look, IReadOnlyList<CrowdWalker> walkers, ulong seed,
        Action<int>? framesDone = null, CancellationToken cancellation = default)
    {
        if (look.Width < 64 || look.Height < 64 || look.Frames < 1 || !(look.Fps > 0))
            throw new LfrInputException($"{videoPath}: crowd footage needs at least 64x64 pixels, one frame and a frame rate");
        if (CrowdLook.GroundProblem(look.Horizon, look.Descent) is { } ground) throw new LfrInputException($"{videoPath}: the scene's ground: {ground}");
        // OpenCV's own MJPEG writer, not FFmpeg's: it honours the quality (FFmpeg's ignores it) and takes about 6 ms a
        // 720p frame where FFmpeg's took 18, which was most of the cost of filming.
        using var writer = new VideoWriter(videoPath, VideoCaptureAPIs.OPENCV_MJPEG, FourCC.MJPG, look.Fps, new Size(look.Width, look.Height));
        if (!writer.IsOpened()) throw new LfrInputException($"{videoPath}: cannot write video here (folder missing or not writable)");
        if (!writer.Set(VideoWriterProperties.Quality, Math.Clamp(look.Quality, 1, 100)))
            throw new InvalidOperationException("OpenCV's MJPEG writer refused the quality setting");

        using var plate = new Mat();
        Cv2.Resize(background, plate, new Size(look.Width, look.Height), 0, 0, InterpolationFlags.Area);
        double plateLuminance = Luminance(Cv2.Mean(plate));
        using var frame = new Mat();
        using var wide = new Mat();
        // Sensor noise: one plane of Gaussian noise a little larger than the frame, seen through a different window
        // each frame (drawing 3 × width × height normal values per frame would cost more than all the rest).
        const int margin = 64;
        using var noise = new Mat(look.Height + margin, look.Width + margin, MatType.CV_16SC3);
        var rng = new RNG(seed == 0 ? 1 : seed);
        rng.Fill(noise, DistributionType.Normal, Scalar.All(0), Scalar.All(Math.Max(0, look.NoiseSigma)));
        var windows = new Random(unchecked((int)seed));
        var sprites = new Dictionary<CrowdWalker, WalkerSprite>();
        var boxes = walkers.ToDictionary(w => w, _ => new SortedDictionary<int, FrameBox>());
        try
        {
            for (int f = 0; f < look.Frames; f++)
            {
                cancellation.ThrowIfCancellationRequested();
                plate.CopyTo(frame);
                // Far people first: nearer bodies then cover them.
                var present = walkers.Where(w => w.EnterFrame <= f && f <= w.LastFrame).OrderBy(w => look.FaceHeightAt(w.Progress(f))).ToList();
                foreach (var w in present)
                {
                    if (!sprites.TryGetValue(w, out var sprite)) sprites[w] = sprite = new WalkerSprite(w.Image, w.Face);
                    if (Draw(frame, plate, plateLuminance, look, w, sprite, f) is { } box) boxes[w][f] = box;
                }
                foreach (var gone in sprites.Keys.Where(w => w.LastFrame < f).ToList())
                {
                    sprites[gone].Dispose();
                    sprites.Remove(gone);
                }
                frame.ConvertTo(wide, MatType.CV_16SC3, look.LightAt(f));
                if (look.NoiseSigma > 0)
                {
                    using var window = new Mat(noise, new Rect(windows.Next(margin), windows.Next(margin), look.Width, look.Height));
                    Cv2.Add(wide, window, wide);
                }
                wide.ConvertTo(frame, MatType.CV_8UC3);
                writer.Write(frame);
                framesDone?.Invoke(f + 1);
            }
        }
        finally
        {
            foreach (var s in sprites.Values) s.Dispose();
        }

        var appearances = walkers.Where(w => boxes[w].Count > 0).Select(w =>
        {
            var b = boxes[w];
            var first = b.First();
            return new CrowdAppearance(w.Identity, w.Image, first.Key, b.Keys.Last(), (int)first.Value.X, (int)first.Value.Y,
                Math.Max(1, (int)first.Value.Width), Math.Max(1, (int)first.Value.Height), w.Groups, b);
        }).ToList();
        return new CrowdTruth(videoPath, look.Fps, look.Width, look.Height, look.Frames, appearances);
    }

    /// <summary>Where the walker's face is at a frame: centre and size in frame pixels.</summary>
    public static (float X, float Y, float Width, float Height) FaceAt(CrowdLook look, CrowdWalker w, int frame)
    {
        double p = w.Progress(frame);
        double h = look.FaceHeightAt(p), s = h / look.NearFaceHeight;
        double lateral = w.LateralFrom + (w.LateralTo - w.LateralFrom) * p;
        double x = look.Width / 2.0 + lateral * s * 0.42 * look.Width;
        double y = look.Height * look.Horizon + s * look.Height * look.Descent; // faces rise to the horizon as people go further off
        double width = h * w.Face.Width / w.Face.Height * Math.Cos(w.YawDegrees * Math.PI / 180);
        return ((float)x, (float)y, (float)width, (float)h);
    }

    // Body, head, motion blur, occlusion; returns the face's box if its centre is in the frame.
    private static FrameBox? Draw(Mat frame, Mat plate, double plateLuminance, CrowdLook look, CrowdWalker w, WalkerSprite sprite, int f)
    {
        var (cx, cy, fw, fh) = FaceAt(look, w, f);
        double light = w.Light * SceneLight(plate, plateLuminance, cx, cy, fh);
        WalkerBody.Draw(frame, w, sprite.Skin, cx, cy, fh, f, look.Fps, light);

        // Photo to frame: scale the face to its height, squeeze it by the yaw, tilt it by the roll, centre it.
        double k = fh / sprite.FaceHeight, yaw = Math.Cos(w.YawDegrees * Math.PI / 180), roll = w.RollDegrees * Math.PI / 180;
        double a = k * yaw * Math.Cos(roll), b = -k * Math.Sin(roll), c = k * yaw * Math.Sin(roll), d = k * Math.Cos(roll);
        double tx = cx - (a * sprite.FaceCentre.X + b * sprite.FaceCentre.Y), ty = cy - (c * sprite.FaceCentre.X + d * sprite.FaceCentre.Y);
        var corners = new[] { (0.0, 0.0), (sprite.Pixels.Width, 0.0), (0.0, sprite.Pixels.Height), (sprite.Pixels.Width, sprite.Pixels.Height) }
            .Select(p => (X: a * p.Item1 + b * p.Item2 + tx, Y: c * p.Item1 + d * p.Item2 + ty)).ToList();
        var area = Rect.FromLTRB((int)Math.Floor(corners.Min(p => p.X)), (int)Math.Floor(corners.Min(p => p.Y)),
            (int)Math.Ceiling(corners.Max(p => p.X)) + 1, (int)Math.Ceiling(corners.Max(p => p.Y)) + 1).Intersect(new Rect(0, 0, frame.Width, frame.Height));
        if (area.Width >= 2 && area.Height >= 2)
        {
            using var m = new Mat(2, 3, MatType.CV_64FC1);
            m.Set(0, 0, a); m.Set(0, 1, b); m.Set(0, 2, tx - area.X);
            m.Set(1, 0, c); m.Set(1, 1, d); m.Set(1, 2, ty - area.Y);
            using var head = new Mat();
            using var alpha = new Mat();
            Cv2.WarpAffine(sprite.Pixels, head, m, area.Size, InterpolationFlags.Area, BorderTypes.Replicate);
            Cv2.WarpAffine(sprite.Alpha, alpha, m, area.Size, InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
            if (light != 1) head.ConvertTo(head, -1, light);
            MotionBlur(head, look, w, f);
            using var rest = new Mat();
            Cv2.Subtract(Scalar.All(1), alpha, rest);
            using var roi = new Mat(frame, area);
            Cv2.BlendLinear(head, roi, alpha, rest, roi);
        }
        if (w.Occlusion is { } o && w.Progress(f) >= o.From && w.Progress(f) <= o.To)
        {
            float left = cx - fw / 2, top = cy - fh / 2, cover = (float)o.Covered;
            var hidden = o.Side switch
            {
                OcclusionSide.Lower => new Rect((int)(left - fw * 0.1f), (int)(top + fh * (1 - cover)), (int)(fw * 1.2f) + 1, (int)(fh * cover * 1.2f) + 1),
                OcclusionSide.Left => new Rect((int)(left - fw * 0.2f), (int)(top - fh * 0.1f), (int)(fw * (cover + 0.2f)) + 1, (int)(fh * 1.4f) + 1),
                _ => new Rect((int)(left + fw * (1 - cover)), (int)(top - fh * 0.1f), (int)(fw * (cover + 0.2f)) + 1, (int)(fh * 1.4f) + 1),
            };
            Cv2.Rectangle(frame, hidden, WalkerBody.Lit(WalkerBody.ClothingColour(w.ClothingShade + 3), 0.8), -1);
        }
        if (cx < 0 || cy < 0 || cx >= frame.Width || cy >= frame.Height) return null;
        float x0 = Math.Max(0, cx - fw / 2), y0 = Math.Max(0, cy - fh / 2);
        float x1 = Math.Min(frame.Width, cx + fw / 2), y1 = Math.Min(frame.Height, cy + fh / 2);
        return new FrameBox(x0, y0, x1 - x0, y1 - y0);
    }

    /// <summary>
    /// How the scene lights a walker where they stand: the plate's brightness around them against the whole plate's, a
    /// third of the way, within ±20 % (a walker in a dim corner comes out dimmer). The scene as a whole sets no level:
    /// a camera's exposure does that, and a white wall is bright by its paint, not its light.
    /// </summary>
    private static double SceneLight(Mat plate, double plateLuminance, float cx, float cy, float fh)
    {
        var around = new Rect((int)(cx - fh), (int)(cy - fh), (int)Math.Max(2, 2 * fh), (int)Math.Max(2, 4 * fh)).Intersect(new Rect(0, 0, plate.Width, plate.Height));
        if (around.Width < 2 || around.Height < 2 || plateLuminance < 1) return 1;
        using var roi = new Mat(plate, around);
        return Math.Clamp(Math.Pow(Luminance(Cv2.Mean(roi)) / plateLuminance, 1 / 3.0), 0.8, 1.2);
    }

    private static double Luminance(Scalar bgr) => 0.114 * bgr.Val0 + 0.587 * bgr.Val1 + 0.299 * bgr.Val2;


    // The shutter stays open for part of the frame while the face moves: smear it along the way it moves.
    private static void MotionBlur(Mat head, CrowdLook look, CrowdWalker w, int f)
    {
        if (f <= w.EnterFrame || look.Shutter <= 0) return;
        var now = FaceAt(look, w, f);
        var before = FaceAt(look, w, f - 1);
        double dx = now.X - before.X, dy = (now.Y - before.Y) + (now.Height - before.Height) / 2;
        double length = Math.Sqrt(dx * dx + dy * dy) * look.Shutter;
        if (length < 1.5) return;
        int n = Math.Min(31, ((int)Math.Ceiling(length)) | 1);
        using var kernel = new Mat(n, n, MatType.CV_32FC1, Scalar.All(0));
        double ux = dx / (length / look.Shutter), uy = dy / (length / look.Shutter), half = (n - 1) / 2.0;
        Cv2.Line(kernel, new Point((int)Math.Round(half - ux * half), (int)Math.Round(half - uy * half)),
            new Point((int)Math.Round(half + ux * half), (int)Math.Round(half + uy * half)), Scalar.All(1), 1);
        var sum = Cv2.Sum(kernel).Val0;
        if (sum <= 0) return;
        kernel.ConvertTo(kernel, -1, 1 / sum);
        Cv2.Filter2D(head, head, -1, kernel);
    }
}
