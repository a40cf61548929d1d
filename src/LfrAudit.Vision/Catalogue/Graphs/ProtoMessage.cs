using Google.Protobuf;

namespace LfrAudit.Vision.Catalogue.Graphs;

/// <summary>One field of a protobuf message as it travels on the wire: its number, wire type and value.</summary>
internal readonly record struct ProtoField(int Number, WireFormat.WireType WireType, ulong Scalar, ByteString Bytes)
{
    public static ProtoField Varint(int number, ulong value) => new(number, WireFormat.WireType.Varint, value, ByteString.Empty);
    public static ProtoField Fixed32(int number, uint value) => new(number, WireFormat.WireType.Fixed32, value, ByteString.Empty);
    public static ProtoField Message(int number, ProtoMessage message) => new(number, WireFormat.WireType.LengthDelimited, 0, message.ToByteString());
    public static ProtoField Text(int number, string text) => new(number, WireFormat.WireType.LengthDelimited, 0, ByteString.CopyFromUtf8(text));
    public static ProtoField Raw(int number, byte[] bytes) => new(number, WireFormat.WireType.LengthDelimited, 0, ByteString.CopyFrom(bytes));

    public bool IsLengthDelimited => WireType == WireFormat.WireType.LengthDelimited;
    public string AsText() => Bytes.ToStringUtf8();
    public ProtoMessage AsMessage() => ProtoMessage.Parse(Bytes);
}

/// <summary>
/// A protobuf message read field by field without its schema (the ONNX schema is not compiled in: only the few
/// fields a rewrite touches are named, in <see cref="OnnxFields"/>). Every field keeps its order and bytes, so a
/// message written back unchanged is the same bytes. Groups (wire types 3 and 4, deprecated) are refused.
/// Reading never fails but with a <see cref="FormatException"/>.
/// </summary>
internal sealed class ProtoMessage
{
    public List<ProtoField> Fields { get; }

    public ProtoMessage(IEnumerable<ProtoField> fields) => Fields = fields.ToList();

    public static ProtoMessage Parse(ByteString bytes) => Parse(bytes.Span);

    /// <summary>Reads one level of a message; <see cref="FormatException"/> if the bytes are not protobuf.</summary>
    public static ProtoMessage Parse(ReadOnlySpan<byte> bytes)
    {
        try { return ParseFields(bytes); }
        catch (InvalidProtocolBufferException ex) { throw new FormatException(ex.Message, ex); }
    }

    private static ProtoMessage ParseFields(ReadOnlySpan<byte> bytes)
    {
        var input = new CodedInputStream(bytes.ToArray());
        var fields = new List<ProtoField>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int number = WireFormat.GetTagFieldNumber(tag);
            var type = WireFormat.GetTagWireType(tag);
            fields.Add(type switch
            {
                WireFormat.WireType.Varint => new ProtoField(number, type, input.ReadUInt64(), ByteString.Empty),
                WireFormat.WireType.Fixed64 => new ProtoField(number, type, input.ReadFixed64(), ByteString.Empty),
                WireFormat.WireType.Fixed32 => new ProtoField(number, type, input.ReadFixed32(), ByteString.Empty),
                WireFormat.WireType.LengthDelimited => new ProtoField(number, type, 0, input.ReadBytes()),
                _ => throw new FormatException($"field {number} has wire type {(int)type}, which this reader does not take"),
            });
        }
        return new ProtoMessage(fields);
    }

    public IEnumerable<ProtoField> All(int number) => Fields.Where(f => f.Number == number);

    public ProtoField? First(int number) => Fields.FirstOrDefault(f => f.Number == number) is { Number: > 0 } f ? f : null;

    public string? TextOf(int number) => First(number) is { IsLengthDelimited: true } f ? f.AsText() : null;

    /// <summary>The values of a repeated integer field, whether written packed or one by one.</summary>
    public List<long> Integers(int number)
    {
        var values = new List<long>();
        foreach (var f in All(number))
        {
            if (f.WireType == WireFormat.WireType.Varint) { values.Add((long)f.Scalar); continue; }
            if (!f.IsLengthDelimited) continue;
            var packed = new CodedInputStream(f.Bytes.ToByteArray());
            while (!packed.IsAtEnd) values.Add(packed.ReadInt64());
        }
        return values;
    }

    public ByteString ToByteString()
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        foreach (var f in Fields)
        {
            output.WriteTag(f.Number, f.WireType);
            switch (f.WireType)
            {
                case WireFormat.WireType.Varint: output.WriteUInt64(f.Scalar); break;
                case WireFormat.WireType.Fixed64: output.WriteFixed64(f.Scalar); break;
                case WireFormat.WireType.Fixed32: output.WriteFixed32((uint)f.Scalar); break;
                default: output.WriteBytes(f.Bytes); break;
            }
        }
        output.Flush();
        return ByteString.CopyFrom(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public byte[] ToByteArray() => ToByteString().ToByteArray();
}
