using Google.Protobuf;

namespace LfrAudit.Vision.Catalogue.Graphs;

/// <summary>
/// What a graph rewrite did to a model before it was loaded: the bytes to load, how many changes it made (nodes
/// rewritten, an input freed) and, when it made none, why.
/// </summary>
internal sealed record GraphRewrite(byte[] Model, int Changes, string? SkippedBecause = null)
{
    public static GraphRewrite Unchanged(byte[] model, string because) => new(model, 0, because);

    /// <summary>
    /// Runs a rewrite on a model's parsed fields. Bytes that do not read are left as they are, for ONNX Runtime, whose
    /// own error then names the problem.
    /// </summary>
    public static GraphRewrite Of(byte[] model, Func<byte[], ProtoMessage, GraphRewrite> rewrite)
    {
        try { return rewrite(model, ProtoMessage.Parse(model)); }
        catch (Exception ex) when (ex is FormatException or InvalidProtocolBufferException)
        {
            return Unchanged(model, "not a readable ONNX file");
        }
    }

    /// <summary>The model's graph (ModelProto.graph), if it has one.</summary>
    public static ProtoMessage? GraphOf(ProtoMessage model) =>
        model.First(OnnxFields.Model.Graph) is { IsLengthDelimited: true } graph ? graph.AsMessage() : null;

    /// <summary>The model with its graph replaced, every other field as it was.</summary>
    public static GraphRewrite WithGraph(ProtoMessage model, ProtoMessage graph, int changes)
    {
        bool replaced = false;
        var fields = model.Fields.Select(f =>
        {
            if (replaced || f.Number != OnnxFields.Model.Graph) return f;
            replaced = true;
            return ProtoField.Message(f.Number, graph);
        });
        return new GraphRewrite(new ProtoMessage(fields).ToByteArray(), changes);
    }
}
