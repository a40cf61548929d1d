using System.Runtime.InteropServices;
using LfrAudit.Vision.Catalogue.Graphs;

namespace LfrAudit.Vision.Tests.Graphs;

/// <summary>Builds one-node ONNX models (X [1,C,H,W] → op → Y) field by field, as onnx.proto numbers them.</summary>
internal static class TinyOnnxModel
{
    public static byte[] PRelu(int channels, int height, int width, float[] slopes, bool slopesAsFloatData = false)
    {
        int[] shape = [1, channels, height, width];
        var slope = new List<ProtoField>
        {
            ProtoField.Varint(1, (ulong)channels), ProtoField.Varint(1, 1), ProtoField.Varint(1, 1),
            ProtoField.Varint(2, 1),
            ProtoField.Text(8, "slope"),
        };
        if (slopesAsFloatData)
            slope.AddRange(slopes.Select(s => ProtoField.Fixed32(4, BitConverter.SingleToUInt32Bits(s))));
        else
            slope.Add(ProtoField.Raw(9, MemoryMarshal.AsBytes(slopes.AsSpan()).ToArray()));
        var node = new ProtoMessage([
            ProtoField.Text(1, "x"), ProtoField.Text(1, "slope"), ProtoField.Text(2, "y"),
            ProtoField.Text(3, "prelu"), ProtoField.Text(4, "PRelu")]);
        var graph = new ProtoMessage([
            ProtoField.Message(1, node),
            ProtoField.Text(2, "tiny"),
            ProtoField.Message(5, new ProtoMessage(slope)),
            ProtoField.Message(11, Value("x", shape)),
            ProtoField.Message(12, Value("y", shape))]);
        var opset = new ProtoMessage([ProtoField.Text(1, ""), ProtoField.Varint(2, 13)]);
        return new ProtoMessage([ProtoField.Varint(1, 8), ProtoField.Message(7, graph), ProtoField.Message(8, opset)]).ToByteArray();
    }

    // ValueInfoProto { name, type: TypeProto { tensor_type: { elem_type: FLOAT, shape: { dim: [dim_value] } } } }
    private static ProtoMessage Value(string name, int[] shape)
    {
        var dims = shape.Select(d => ProtoField.Message(1, new ProtoMessage([ProtoField.Varint(1, (ulong)d)])));
        var tensor = new ProtoMessage([ProtoField.Varint(1, 1), ProtoField.Message(2, new ProtoMessage(dims))]);
        var type = new ProtoMessage([ProtoField.Message(1, tensor)]);
        return new ProtoMessage([ProtoField.Text(1, name), ProtoField.Message(2, type)]);
    }
}
