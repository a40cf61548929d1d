using System.Globalization;
using System.Xml;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Evaluation.Footage;

/// <summary>
/// CVAT's video annotation XML ("CVAT for video 1.1"): each <c>track</c> holds a <c>box</c> per frame (<c>xtl, ytl,
/// xbr, ybr</c>; <c>outside="1"</c> when the object has left the view). A track is named by the identity map, else
/// by an <c>identity</c> attribute on its boxes, else "cvat:ID". Read with DTDs and external entities refused.
/// </summary>
internal static class CvatVideoTruth
{
    public static FootageTruth Read(string path, double fps, IReadOnlyDictionary<string, string>? identities)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        var appearances = new List<TruthAppearance>();
        var lines = new List<int>();
        var trackLines = new Dictionary<string, int>(StringComparer.Ordinal);
        int lastFrame = 0, trackLine = 0;
        try
        {
            using var text = new StringReader(TextFiles.ReadAll(path, "CVAT truth"));
            using var reader = XmlReader.Create(text, settings);
            var at = (IXmlLineInfo)reader;
            string? track = null, named = null;
            var boxes = new SortedDictionary<int, TruthBox>();
            var seen = new HashSet<int>(); // the frames this track has a box for, in view or outside
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Name == "track")
                {
                    track = reader.GetAttribute("id") ?? throw new LfrInputException($"{path}: line {at.LineNumber}: a track without an id");
                    trackLine = at.LineNumber;
                    if (!trackLines.TryAdd(track, trackLine))
                        throw new LfrInputException($"{path}: line {trackLine}: track {SafeText.Escape(track)} is given twice (line {trackLines[track]}); give each track once");
                    named = null;
                    boxes = [];
                    seen = [];
                    if (reader.IsEmptyElement) track = null;
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.Name == "box" && track is not null)
                {
                    int frame = int.Parse(reader.GetAttribute("frame") ?? "x", NumberStyles.Integer, CultureInfo.InvariantCulture);
                    float Num(string a) => float.Parse(reader.GetAttribute(a) ?? "x", NumberStyles.Float, CultureInfo.InvariantCulture);
                    float xtl = Num("xtl"), ytl = Num("ytl"), xbr = Num("xbr"), ybr = Num("ybr");
                    if (frame < 0 || !(xbr > xtl) || !(ybr > ytl) || !float.IsFinite(xbr + ybr + xtl + ytl))
                        throw new LfrInputException($"{path}: line {at.LineNumber}: track {SafeText.Escape(track)} frame {frame}: not a box");
                    if (!seen.Add(frame))
                        throw new LfrInputException($"{path}: line {at.LineNumber}: track {SafeText.Escape(track)} already has a box in frame {frame}; give each box once");
                    if (reader.GetAttribute("outside") != "1") boxes[frame] = new TruthBox(xtl, ytl, xbr - xtl, ybr - ytl);
                    lastFrame = Math.Max(lastFrame, frame + 1);
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.Name == "attribute" && track is not null && reader.GetAttribute("name") == "identity")
                    named = reader.ReadElementContentAsString().Trim();
                else if (reader.NodeType == XmlNodeType.EndElement && reader.Name == "track" && track is not null)
                {
                    if (boxes.Count > 0)
                    {
                        appearances.Add(MotChallengeTruth.Appearance(identities?.GetValueOrDefault(track) ?? (named is { Length: > 0 } ? named : $"cvat:{track}"), boxes));
                        lines.Add(trackLine);
                    }
                    track = null;
                }
            }
        }
        catch (Exception ex) when (ex is XmlException or FormatException or OverflowException)
        { throw new LfrInputException($"{path}: not CVAT video XML ({SafeText.Escape(ex.Message.Split('\n')[0])})", ex); }
        TruthRepeats.Refuse(path, appearances, lines);
        return new FootageTruth(fps, lastFrame, appearances);
    }
}
