using LfrAudit.Core.Problems;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Synthesis;

/// <summary>A person shown in a synthetic clip: which labelled image, who it is, and where and when it appears.</summary>
public sealed record ClipAppearance(string Identity, string Image, int FirstFrame, int LastFrame, int X, int Y, int Width, int Height,
    IReadOnlyDictionary<string, string>? Groups = null, int DriftXPerFrame = SyntheticClip.DriftPerFrame);

/// <summary>The ground truth of a synthetic clip: every appearance, frame-exact.</summary>
public sealed record ClipTruth(string Video, double Fps, int Width, int Height, int Frames, IReadOnlyList<ClipAppearance> Appearances);

/// <summary>One scene: the people in it (image path and identity), shown side by side for a number of frames.</summary>
public sealed record ClipScene(IReadOnlyList<(string Image, string Identity)> People, int Frames)
{
    /// <summary>Demographic labels of the people, by identity, carried into the truth file.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Groups { get; init; }
}

/// <summary>
/// Writes a video made from labelled still images (MJPG in AVI: the encoder this OpenCV build has), with
/// a frame-exact record of who is where. Each person drifts slowly across the frame so consecutive frames
/// are not identical, as in footage of people walking past. A new scene's people are placed clear of where
/// recent scenes' people stood (moved aside as needed): people do not teleport in real
/// footage, and a tracker rightly takes a face in the same spot a moment later for the same person.
/// </summary>
public static class SyntheticClip
{
    /// <summary>How far each person moves right per frame, in pixels (recorded in the truth).</summary>
    public const int DriftPerFrame = 2;

    /// <summary>Films <paramref name="scenes"/> one after another to a video file and returns who is in which frames.</summary>
    public static ClipTruth Write(string videoPath, IReadOnlyList<ClipScene> scenes, int width = 1280, int height = 720, double fps = 10, int personHeight = 320)
    {
        if (scenes.Count == 0) throw new LfrInputException($"{videoPath}: a clip needs at least one scene");
        using var writer = new VideoWriter(videoPath, FourCC.MJPG, fps, new Size(width, height));
        if (!writer.IsOpened()) throw new LfrInputException($"{videoPath}: cannot write video here (folder missing or not writable)");

        var appearances = new List<ClipAppearance>();
        using var frame = new Mat(height, width, MatType.CV_8UC3);
        int frameIndex = 0;
        // Where recent scenes' faces went, and the frame each scene ended: a tracker remembers a face for about a second.
        var recentZones = new List<(int Left, int Right, int Until)>();
        int memory = (int)Math.Ceiling(1.5 * fps);
        foreach (var scene in scenes)
        {
            var people = scene.People.Select(p => (p.Identity, p.Image, Pixels: Scaled(ImageFileReader.ReadBgr(p.Image), personHeight))).ToList();
            try
            {
                int slot = width / Math.Max(1, people.Count);
                var origins = new List<(int X, int Y)>();
                for (int i = 0; i < people.Count; i++)
                {
                    // Clear of every recent scene's faces if there is room, else at least of the scene just before.
                    var recent = recentZones.Where(z => z.Until >= frameIndex - memory).Select(z => (z.Left, z.Right)).ToList();
                    var last = recentZones.Where(z => z.Until == frameIndex).Select(z => (z.Left, z.Right)).ToList();
                    origins.Add(ClearOf(recent, origins, people, i, slot, scene.Frames, width, height)
                        ?? ClearOf(last, origins, people, i, slot, scene.Frames, width, height)
                        ?? (i * slot + (slot - people[i].Pixels.Width) / 2, (height - people[i].Pixels.Height) / 2));
                }
                for (int f = 0; f < scene.Frames; f++)
                {
                    Background(frame);
                    for (int i = 0; i < people.Count; i++)
                    {
                        var (x, y) = Place(origins[i], f, people[i].Pixels.Size(), width, height);
                        using var roi = new Mat(frame, new Rect(x, y, people[i].Pixels.Width, people[i].Pixels.Height));
                        people[i].Pixels.CopyTo(roi);
                    }
                    writer.Write(frame);
                    frameIndex++;
                }
                recentZones.AddRange(people.Select((p, i) => FaceZone(origins[i].X, p.Pixels.Width, scene.Frames) is var (l, r) ? (l, r, frameIndex) : default));
                int first = frameIndex - scene.Frames;
                for (int i = 0; i < people.Count; i++)
                {
                    var (x, y) = Place(origins[i], 0, people[i].Pixels.Size(), width, height);
                    appearances.Add(new ClipAppearance(people[i].Identity, people[i].Image, first, frameIndex - 1, x, y, people[i].Pixels.Width, people[i].Pixels.Height,
                        scene.Groups?.GetValueOrDefault(people[i].Identity)));
                }
            }
            finally
            {
                foreach (var p in people) p.Pixels.Dispose();
            }
        }
        return new ClipTruth(videoPath, fps, width, height, frameIndex, appearances);
    }

    private static Mat Scaled(Mat image, int targetHeight)
    {
        double s = targetHeight / (double)image.Height;
        var scaled = new Mat();
        Cv2.Resize(image, scaled, new Size(Math.Max(1, (int)(image.Width * s)), targetHeight), 0, 0, InterpolationFlags.Linear);
        image.Dispose();
        return scaled;
    }

    // Two pixels a frame to the right, kept inside the frame.
    // The centred spot in the person's slot if their face's path is clear of where recent scenes' faces went (and of this
    // scene's already placed), else the nearest spot in the frame that is, if any.
    private static (int X, int Y)? ClearOf(List<(int Left, int Right)> last, List<(int X, int Y)> placed,
        IReadOnlyList<(string Identity, string Image, Mat Pixels)> people, int i, int slot, int frames, int width, int height)
    {
        int w = people[i].Pixels.Width, centred = i * slot + (slot - w) / 2, y = (height - people[i].Pixels.Height) / 2;
        var taken = last.Concat(placed.Select((o, j) => FaceZone(o.X, people[j].Pixels.Width, frames))).ToList();
        int rightmost = width - w - DriftPerFrame * frames;
        foreach (int x in Enumerable.Range(0, Math.Max(1, rightmost / 8 + 1)).Select(k => k * 8).OrderBy(x => Math.Abs(x - centred)))
        {
            var zone = FaceZone(x, w, frames);
            if (!taken.Any(t => t.Left < zone.Right && zone.Left < t.Right)) return (x, y);
        }
        return null;
    }

    // Where a person's face can be across a scene: the middle half of their picture, widened by the drift.
    private static (int Left, int Right) FaceZone(int x, int width, int frames) => (x + width / 4, x + 3 * width / 4 + DriftPerFrame * frames);

    private static (int X, int Y) Place((int X, int Y) origin, int frame, Size size, int width, int height) =>
        (Math.Clamp(origin.X + DriftPerFrame * frame, 0, Math.Max(0, width - size.Width)), Math.Clamp(origin.Y, 0, Math.Max(0, height - size.Height)));

    private static void Background(Mat frame) => frame.SetTo(new Scalar(96, 104, 100));
}
