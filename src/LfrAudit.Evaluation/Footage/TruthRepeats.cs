using System.Globalization;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Evaluation.Footage;

/// <summary>
/// Refuses truth that gives one appearance twice: the same identity in the same place (boxes overlapping by half or
/// more, or anywhere in view for a walk-past log) in the same frames — a repeated line or a copied object. Refused,
/// not merged: the evaluation credits a face to the first appearance that holds it, so a repeat would count as a
/// second person walking past, never seen; and which of two differing copies is right is for the tester to say.
/// Appearances that only touch (one ends in the frame the next begins), or the same photo walking twice in
/// different places (a synthesised crowd may reuse one), are two appearances and are kept.
/// </summary>
internal static class TruthRepeats
{
    /// <summary>One person in view this many times at once is not a truth file: refused rather than compared pair by pair.</summary>
    public const int MaxAtOnce = 100;

    /// <param name="lines">The line each appearance was read from, for the message.</param>
    public static void Refuse(string path, IReadOnlyList<TruthAppearance> appearances, IReadOnlyList<int> lines)
    {
        var order = Enumerable.Range(0, appearances.Count)
            .OrderBy(i => appearances[i].Identity, StringComparer.Ordinal).ThenBy(i => appearances[i].FirstFrame).ThenBy(i => lines[i]).ToList();
        var inView = new List<int>();
        string? identity = null;
        foreach (int i in order)
        {
            var a = appearances[i];
            if (!string.Equals(a.Identity, identity, StringComparison.Ordinal)) { inView.Clear(); identity = a.Identity; }
            inView.RemoveAll(j => appearances[j].LastFrame < a.FirstFrame);
            foreach (int j in inView)
                if (Same(appearances[j], a))
                {
                    var (earlier, later) = lines[j] <= lines[i] ? (j, i) : (i, j);
                    var l = appearances[later];
                    throw new LfrInputException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}: line {lines[later]}: '{SafeText.Escape(l.Identity)}' in frames {l.FirstFrame}-{l.LastFrame} repeats line {lines[earlier]} (the same person, place and time); give each appearance once"));
                }
            if (inView.Count >= MaxAtOnce)
                throw new LfrInputException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: line {lines[i]}: '{SafeText.Escape(a.Identity)}' is in view more than {MaxAtOnce:N0} times at once"));
            inView.Add(i);
        }
    }

    private static bool Same(TruthAppearance a, TruthAppearance b)
    {
        if (a.FirstFrame > b.LastFrame || b.FirstFrame > a.LastFrame) return false;
        if (Anywhere(a) || Anywhere(b))
            // Anywhere in view: more than a shared boundary frame, or exactly the same frames (a repeat of an instant).
            return (a.FirstFrame < b.LastFrame && b.FirstFrame < a.LastFrame) || (a.FirstFrame == b.FirstFrame && a.LastFrame == b.LastFrame);
        int from = Math.Max(a.FirstFrame, b.FirstFrame), to = Math.Min(a.LastFrame, b.LastFrame);
        // The first frame both have a box in decides (a track may skip frames). One pass over a track's frames, in any order.
        IEnumerable<int> candidates = a.Boxes?.Keys ?? b.Boxes?.Keys ?? [from];
        int first = int.MaxValue;
        foreach (int f in candidates)
            if (f >= from && f <= to && f < first && BoxAt(a, f) is not null && BoxAt(b, f) is not null) first = f;
        return first != int.MaxValue && Overlap(BoxAt(a, first)!.Value, BoxAt(b, first)!.Value) >= 0.5;
    }

    private static bool Anywhere(TruthAppearance a) => a.Boxes is null && a.Width == 0 && a.Height == 0;

    private static TruthBox? BoxAt(TruthAppearance a, int frame) =>
        a.Boxes is not null ? (a.Boxes.TryGetValue(frame, out var b) ? b : null)
        : new TruthBox(a.X + a.DriftXPerFrame * (frame - a.FirstFrame), a.Y, a.Width, a.Height);

    // Intersection over union.
    private static double Overlap(TruthBox a, TruthBox b)
    {
        double w = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        double h = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0) return 0;
        double both = w * h, union = (double)a.Width * a.Height + (double)b.Width * b.Height - both;
        return union > 0 ? both / union : 0;
    }
}
