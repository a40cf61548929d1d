using System.Globalization;
using System.Xml;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Inputs;

namespace LfrAudit.Evaluation.Footage;

/// <summary>
/// CVAT's video annotation XML ("CVAT for video 1.1"): each <c>track</c> holds a <c>box</c> per frame (<c>xtl, ytl,
/// xbr, ybr</c>; <c>outside="1"</c> when the object has left the view). A track is named by the identity map, else
/// by an <c>identity</c> attribute on its boxes, else "cvat:ID". Read with DTDs and external entities refused.
/// </summary>
public static class CvatVideoTruth
{
    public static FootageTruth Read(string path, double fps, IReadOnlyDictionary<string, string>? identities)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        var appearances = new List<TruthAppearance>();
        int lastFrame = 0;
        try
        {
            using var text = new StringReader(TextFiles.ReadAll(path, "CVAT truth"));
            using var reader = XmlReader.Create(text, settings);
            string? track = null, named = null;
            var boxes = new SortedDictionary<int, TruthBox>();
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Name == "track")
                {
                    track = reader.GetAttribute("id") ?? throw new LfrInputException($"{path}: a track without an id");
                    named = null;
                    boxes = [];
                    if (reader.IsEmptyElement) track = null;
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.Name == "box" && track is not null)
                {
                    int frame = int.Parse(reader.GetAttribute("frame") ?? "x", NumberStyles.Integer, CultureInfo.InvariantCulture);
                    float Num(string a) => float.Parse(reader.GetAttribute(a) ?? "x", NumberStyles.Float, CultureInfo.InvariantCulture);
                    float xtl = Num("xtl"), ytl = Num("ytl"), xbr = Num("xbr"), ybr = Num("ybr");
                    if (frame < 0 || !(xbr > xtl) || !(ybr > ytl) || !float.IsFinite(xbr + ybr + xtl + ytl))
                        throw new LfrInputException($"{path}: track {track} frame {frame}: not a box");
                    if (reader.GetAttribute("outside") != "1") boxes[frame] = new TruthBox(xtl, ytl, xbr - xtl, ybr - ytl);
                    lastFrame = Math.Max(lastFrame, frame + 1);
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.Name == "attribute" && track is not null && reader.GetAttribute("name") == "identity")
                    named = reader.ReadElementContentAsString().Trim();
                else if (reader.NodeType == XmlNodeType.EndElement && reader.Name == "track" && track is not null)
                {
                    if (boxes.Count > 0)
                        appearances.Add(MotChallengeTruth.Appearance(identities?.GetValueOrDefault(track) ?? (named is { Length: > 0 } ? named : $"cvat:{track}"), boxes));
                    track = null;
                }
            }
        }
        catch (Exception ex) when (ex is XmlException or FormatException or OverflowException)
        { throw new LfrInputException($"{path}: not CVAT video XML ({ex.Message.Split('\n')[0]})", ex); }
        return new FootageTruth(fps, lastFrame, appearances);
    }
}
