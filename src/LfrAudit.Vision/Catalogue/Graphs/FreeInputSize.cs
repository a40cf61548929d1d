namespace LfrAudit.Vision.Catalogue.Graphs;

/// <summary>
/// Frees the height and width of a fully convolutional model's NCHW input (they become named dimensions), so a
/// frame is fed at its own shape instead of padded into the square the file declares. YuNet is exported for
/// 640×640 though nothing in it needs that size (its reshapes are (1, −1, k)): a 16:9 frame scaled to 640 wide
/// needs a 640×384 canvas, 40 % less work than 640×640 — as OpenCV's FaceDetectorYN does by reshaping its net.
/// The outputs' declared shapes and the intermediate shape hints go (they name the square's anchor counts);
/// ONNX Runtime infers them again for each size.
/// </summary>
internal static class FreeInputSize
{
    public static GraphRewrite Apply(byte[] model) => GraphRewrite.Of(model, Rewrite);

    private static GraphRewrite Rewrite(byte[] model, ProtoMessage parsed)
    {
        if (GraphRewrite.GraphOf(parsed) is not { } graph) return GraphRewrite.Unchanged(model, "no graph");
        var initializers = graph.All(OnnxFields.Graph.Initializer)
            .Select(f => f.AsMessage().TextOf(OnnxFields.Tensor.Name)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        // The one real input (older files also list their initializers as inputs).
        var inputs = graph.Fields.Where(f => f.Number == OnnxFields.Graph.Input
            && !initializers.Contains(f.AsMessage().TextOf(OnnxFields.ValueInfo.Name) ?? "")).ToList();
        if (inputs.Count != 1) return GraphRewrite.Unchanged(model, $"{inputs.Count} inputs, not one");
        var freed = FreeSpatial(inputs[0].AsMessage());
        if (freed is null) return GraphRewrite.Unchanged(model, "the input is not a 4-d image tensor");

        var fields = new List<ProtoField>();
        foreach (var f in graph.Fields)
        {
            if (f.Equals(inputs[0])) fields.Add(ProtoField.Message(f.Number, freed));
            else if (f.Number == OnnxFields.Graph.Output) fields.Add(ProtoField.Message(f.Number, WithoutShape(f.AsMessage())));
            else if (f.Number != OnnxFields.Graph.ValueInfo) fields.Add(f);
        }
        return GraphRewrite.WithGraph(parsed, new ProtoMessage(fields), changes: 1);
    }

    // ValueInfoProto.type → TypeProto.tensor_type → shape → dim[2], dim[3] become dim_param "height", "width".
    private static ProtoMessage? FreeSpatial(ProtoMessage input)
    {
        if (TensorType(input) is not { } found || found.Tensor.First(OnnxFields.TensorType.Shape) is not { } shapeField) return null;
        var (type, tensor) = found;
        var dims = shapeField.AsMessage().Fields;
        if (dims.Count(d => d.Number == OnnxFields.Shape.Dim) != 4 || dims.Count != 4) return null;
        var freed = new ProtoMessage([
            dims[0], dims[1],
            ProtoField.Message(OnnxFields.Shape.Dim, new ProtoMessage([ProtoField.Text(OnnxFields.Shape.DimParam, "height")])),
            ProtoField.Message(OnnxFields.Shape.Dim, new ProtoMessage([ProtoField.Text(OnnxFields.Shape.DimParam, "width")]))]);
        var newTensor = Replace(tensor, OnnxFields.TensorType.Shape, freed);
        var newType = Replace(type, OnnxFields.Type.TensorType, newTensor);
        return Replace(input, OnnxFields.ValueInfo.Type, newType);
    }

    private static ProtoMessage WithoutShape(ProtoMessage output)
    {
        if (TensorType(output) is not { } found) return output;
        var (type, tensor) = found;
        var shapeless = new ProtoMessage(tensor.Fields.Where(f => f.Number != OnnxFields.TensorType.Shape));
        return Replace(output, OnnxFields.ValueInfo.Type, Replace(type, OnnxFields.Type.TensorType, shapeless));
    }

    private static (ProtoMessage Type, ProtoMessage Tensor)? TensorType(ProtoMessage valueInfo)
    {
        if (valueInfo.First(OnnxFields.ValueInfo.Type) is not { IsLengthDelimited: true } typeField) return null;
        var type = typeField.AsMessage();
        if (type.First(OnnxFields.Type.TensorType) is not { IsLengthDelimited: true } tensorField) return null;
        return (type, tensorField.AsMessage());
    }

    private static ProtoMessage Replace(ProtoMessage message, int number, ProtoMessage value) =>
        new(message.Fields.Select(f => f.Number == number ? ProtoField.Message(number, value) : f));
}
