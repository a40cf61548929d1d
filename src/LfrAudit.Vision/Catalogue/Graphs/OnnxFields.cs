namespace LfrAudit.Vision.Catalogue.Graphs;

/// <summary>
/// The field numbers of onnx.proto (ONNX IR, github.com/onnx/onnx, onnx/onnx.proto) that graph rewrites read or
/// write. Only these are named; every other field passes through untouched.
/// </summary>
internal static class OnnxFields
{
    public static class Model
    {
        public const int IrVersion = 1, Graph = 7, OpsetImport = 8;
    }

    public static class OpsetId
    {
        public const int Domain = 1, Version = 2;
    }

    public static class Graph
    {
        public const int Node = 1, Initializer = 5, Input = 11, Output = 12, ValueInfo = 13;
    }

    public static class Node
    {
        public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5, Domain = 7;
    }

    public static class ValueInfo
    {
        public const int Name = 1, Type = 2;
    }

    public static class Type
    {
        public const int TensorType = 1;
    }

    public static class TensorType
    {
        public const int ElemType = 1, Shape = 2;
    }

    public static class Shape
    {
        public const int Dim = 1;
        public const int DimValue = 1, DimParam = 2;
    }

    public static class Tensor
    {
        public const int Dims = 1, DataType = 2, FloatData = 4, Name = 8, RawData = 9, DataLocation = 14;
        public const ulong FloatType = 1;
    }
}
