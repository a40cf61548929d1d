using System.Runtime.InteropServices;
using Google.Protobuf;

namespace LfrAudit.Vision.Catalogue.Graphs;

/// <summary>
/// Rewrites each PRelu with constant slopes a as Relu(x) + (−a)·Relu((−1)·x), the same values bit for bit
/// for every input but NaN (one side of the sum is always exactly zero, and (−a)·(−x) rounds as a·x does).
/// Why: ONNX Runtime's CPU PRelu is a slow broadcast loop that also forces its blocked (NCHWc) convolution
/// layout back to NCHW and back around every PRelu; per-channel Mul, Relu and Add stay in the blocked layout.
/// On the MobileFaceNet stand-in (33 PRelu) this took one face from about 11.9 ms to 4.4 ms on one thread.
/// The model file itself is never changed: its SHA-256 is checked before, the rewrite happens in memory.
/// </summary>
internal static class PReluRewrite
{
    /// <summary>The rewritten model, or the same bytes (and why) when there is nothing to rewrite or they do not read.</summary>
    public static GraphRewrite Apply(byte[] model) =>
        BitConverter.IsLittleEndian ? GraphRewrite.Of(model, Rewrite) : GraphRewrite.Unchanged(model, "not a little-endian machine");

    private static GraphRewrite Rewrite(byte[] model, ProtoMessage parsed)
    {
        // Initializers outside the graph's inputs need IR 4; Relu, Mul and Add with broadcasting need opset 7.
        if (parsed.Integers(OnnxFields.Model.IrVersion) is not [>= 4])
            return GraphRewrite.Unchanged(model, "ONNX IR version below 4");
        if (DefaultOpset(parsed) is not >= 7)
            return GraphRewrite.Unchanged(model, "ONNX opset below 7");
        if (GraphRewrite.GraphOf(parsed) is not { } graph) return GraphRewrite.Unchanged(model, "no graph");

        var rewritten = RewriteGraph(graph, out int count);
        return count == 0
            ? GraphRewrite.Unchanged(model, "no PRelu with constant slopes")
            : GraphRewrite.WithGraph(parsed, rewritten, count);
    }

    private static long? DefaultOpset(ProtoMessage model)
    {
        foreach (var field in model.All(OnnxFields.Model.OpsetImport))
        {
            var opset = field.AsMessage();
            if (opset.TextOf(OnnxFields.OpsetId.Domain) is null or "" or "ai.onnx")
                return opset.Integers(OnnxFields.OpsetId.Version).LastOrDefault();
        }
        return null;
    }

    private static ProtoMessage RewriteGraph(ProtoMessage graph, out int count)
    {
        var slopes = new Dictionary<string, FloatConstant>();
        foreach (var field in graph.All(OnnxFields.Graph.Initializer))
            if (FloatConstant.Read(field.AsMessage()) is { } constant)
                slopes[constant.Name] = constant;
        var names = new FreshNames(graph);
        var kept = new List<ProtoField>();
        var added = new List<ProtoField>();
        count = 0;
        foreach (var field in graph.Fields)
        {
            if (field.Number != OnnxFields.Graph.Node) { kept.Add(field); continue; }
            var node = field.AsMessage();
            var inputs = node.All(OnnxFields.Node.Input).Select(f => f.AsText()).ToList();
            var outputs = node.All(OnnxFields.Node.Output).Select(f => f.AsText()).ToList();
            bool isPRelu = node.TextOf(OnnxFields.Node.OpType) == "PRelu"
                && node.TextOf(OnnxFields.Node.Domain) is null or "" or "ai.onnx"
                && inputs.Count == 2 && outputs.Count == 1;
            if (!isPRelu || !slopes.TryGetValue(inputs[1], out var slope) || !slope.AllFinite)
            {
                kept.Add(field);
                continue;
            }
            string x = inputs[0], y = outputs[0], stem = node.TextOf(OnnxFields.Node.Name) is { Length: > 0 } n ? n : y;
            string minusOne = names.Next(stem + "/minus_one"), minusSlope = names.Next(stem + "/minus_slope");
            string positive = names.Next(stem + "/positive"), flipped = names.Next(stem + "/flipped");
            string negative = names.Next(stem + "/negative"), scaled = names.Next(stem + "/scaled");
            added.Add(ProtoField.Message(OnnxFields.Graph.Initializer, slope.WithValues(minusOne, _ => -1f)));
            added.Add(ProtoField.Message(OnnxFields.Graph.Initializer, slope.WithValues(minusSlope, a => -a)));
            kept.Add(Node(names.Next(stem + "/relu"), "Relu", [x], positive));
            kept.Add(Node(names.Next(stem + "/flip"), "Mul", [x, minusOne], flipped));
            kept.Add(Node(names.Next(stem + "/relu_flipped"), "Relu", [flipped], negative));
            kept.Add(Node(names.Next(stem + "/scale"), "Mul", [negative, minusSlope], scaled));
            kept.Add(Node(names.Next(stem + "/sum"), "Add", [positive, scaled], y));
            count++;
        }

        // Slopes no node reads any more are dropped (unless the graph lists them as inputs or outputs).
        var read = kept.Where(f => f.Number == OnnxFields.Graph.Node)
            .SelectMany(f => f.AsMessage().All(OnnxFields.Node.Input).Select(i => i.AsText())).ToHashSet();
        var exposed = names.GraphInputsAndOutputs;
        kept.RemoveAll(f => f.Number == OnnxFields.Graph.Initializer && FloatConstant.NameOf(f.AsMessage()) is { } name
            && slopes.ContainsKey(name) && !read.Contains(name) && !exposed.Contains(name));
        kept.AddRange(added);
        return new ProtoMessage(kept);
    }

    private static ProtoField Node(string name, string opType, string[] inputs, string output)
    {
        var fields = inputs.Select(i => ProtoField.Text(OnnxFields.Node.Input, i)).ToList();
        fields.Add(ProtoField.Text(OnnxFields.Node.Output, output));
        fields.Add(ProtoField.Text(OnnxFields.Node.Name, name));
        fields.Add(ProtoField.Text(OnnxFields.Node.OpType, opType));
        return ProtoField.Message(OnnxFields.Graph.Node, new ProtoMessage(fields));
    }

    /// <summary>A float32 initializer held in the file (not external data): its name, shape and values.</summary>
    private sealed record FloatConstant(string Name, List<long> Dims, float[] Values)
    {
        public bool AllFinite => Values.All(float.IsFinite);

        public static string? NameOf(ProtoMessage tensor) => tensor.TextOf(OnnxFields.Tensor.Name);

        public static FloatConstant? Read(ProtoMessage tensor)
        {
            if (NameOf(tensor) is not { Length: > 0 } name) return null;
            if (tensor.Integers(OnnxFields.Tensor.DataType) is not [(long)OnnxFields.Tensor.FloatType]) return null;
            if (tensor.Integers(OnnxFields.Tensor.DataLocation) is [not 0, ..]) return null;
            var dims = tensor.Integers(OnnxFields.Tensor.Dims);
            long expected = dims.Aggregate(1L, (a, b) => a * b);
            float[] values;
            if (tensor.First(OnnxFields.Tensor.RawData) is { IsLengthDelimited: true } raw)
                values = MemoryMarshal.Cast<byte, float>(raw.Bytes.Span).ToArray();
            else
                values = FloatData(tensor);
            return values.Length == expected && expected > 0 ? new FloatConstant(name, dims, values) : null;
        }

        private static float[] FloatData(ProtoMessage tensor)
        {
            var values = new List<float>();
            foreach (var f in tensor.All(OnnxFields.Tensor.FloatData))
            {
                if (f.WireType == WireFormat.WireType.Fixed32) values.Add(BitConverter.UInt32BitsToSingle((uint)f.Scalar));
                else if (f.IsLengthDelimited) values.AddRange(MemoryMarshal.Cast<byte, float>(f.Bytes.Span).ToArray());
            }
            return values.ToArray();
        }

        public ProtoMessage WithValues(string name, Func<float, float> value)
        {
            var fields = Dims.Select(d => ProtoField.Varint(OnnxFields.Tensor.Dims, (ulong)d)).ToList();
            fields.Add(ProtoField.Varint(OnnxFields.Tensor.DataType, OnnxFields.Tensor.FloatType));
            fields.Add(ProtoField.Text(OnnxFields.Tensor.Name, name));
            var values = Values.Select(value).ToArray();
            fields.Add(ProtoField.Raw(OnnxFields.Tensor.RawData, MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
            return new ProtoMessage(fields);
        }
    }

    /// <summary>Names not yet used by any value or node of the graph.</summary>
    private sealed class FreshNames
    {
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

        public HashSet<string> GraphInputsAndOutputs { get; } = new(StringComparer.Ordinal);

        public FreshNames(ProtoMessage graph)
        {
            foreach (var field in graph.Fields)
            {
                switch (field.Number)
                {
                    case OnnxFields.Graph.Node:
                        var node = field.AsMessage();
                        foreach (var f in node.Fields.Where(f => f.Number is OnnxFields.Node.Input or OnnxFields.Node.Output or OnnxFields.Node.Name))
                            _taken.Add(f.AsText());
                        break;
                    case OnnxFields.Graph.Initializer:
                        if (FloatConstant.NameOf(field.AsMessage()) is { } name) _taken.Add(name);
                        break;
                    case OnnxFields.Graph.Input or OnnxFields.Graph.Output:
                        if (field.AsMessage().TextOf(OnnxFields.ValueInfo.Name) is { } value)
                        {
                            _taken.Add(value);
                            GraphInputsAndOutputs.Add(value);
                        }
                        break;
                }
            }
        }

        public string Next(string wanted)
        {
            var name = wanted;
            for (int i = 2; !_taken.Add(name); i++) name = $"{wanted}_{i}";
            return name;
        }
    }
}
