using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// Reads the lines of an export file (JSON Lines) as they are, for the verifier to judge, within bounds. Lines end
/// at '\n' (a '\r' before it is dropped; an initial byte-order mark too). A line longer than
/// <see cref="AuditJson.MaxLineBytes"/> is kept only just past that bound, so one huge line cannot fill memory
/// and is still reported as too long. Bytes that are not UTF-8 are kept as unpaired surrogates (U+DC80-U+DCFF,
/// one per byte), which no decoded text holds, so the verifier names that line rather than a decoder quietly
/// turning them into U+FFFD.
/// </summary>
public static class ExportLines
{
    /// <summary>
    /// Every line of an export, in order, as text for the verifier; the stream is read to its end and not closed.
    /// </summary>
    /// <param name="maxLineBytes">The bound past which a line is cut (a few bytes over it: still too long).</param>
    public static List<string> Read(Stream stream, int maxLineBytes = AuditJson.MaxLineBytes)
    {
        var lines = new List<string>();
        // Kept past the bound by a few bytes: a cut made inside a character is moved back to its start and still leaves more than the bound.
        int keep = maxLineBytes + 4;
        var line = new ArrayBufferWriter<byte>();
        bool pending = false, cut = false;
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            var chunk = buffer.AsSpan(0, n);
            while (!chunk.IsEmpty)
            {
                int end = chunk.IndexOf((byte)'\n');
                var part = end < 0 ? chunk : chunk[..end];
                int room = keep - line.WrittenCount;
                if (part.Length > room) cut = true;
                line.Write(part[..Math.Min(part.Length, Math.Max(room, 0))]);
                pending = true;
                if (end < 0) break;
                lines.Add(Decode(line.WrittenSpan, cut));
                line.ResetWrittenCount();
                pending = cut = false;
                chunk = chunk[(end + 1)..];
            }
        }
        if (pending) lines.Add(Decode(line.WrittenSpan, cut));
        if (lines.Count > 0 && lines[0].StartsWith('\uFEFF')) lines[0] = lines[0][1..];
        return lines;
    }

    private static string Decode(ReadOnlySpan<byte> bytes, bool cut)
    {
        if (cut) bytes = bytes[..CharacterStart(bytes)];
        else if (!bytes.IsEmpty && bytes[^1] == '\r') bytes = bytes[..^1];
        if (Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var text = new StringBuilder(bytes.Length);
        Span<char> pair = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out int used);
            if (status == OperationStatus.Done) text.Append(pair[..rune.EncodeToUtf16(pair)]);
            else foreach (var b in bytes[..used]) text.Append((char)(0xDC00 | b));
            bytes = bytes[used..];
        }
        return text.ToString();
    }

    // Where the last character of a cut line starts, if the cut left it incomplete; else the end.
    private static int CharacterStart(ReadOnlySpan<byte> bytes)
    {
        int i = bytes.Length - 1;
        while (i > 0 && bytes.Length - i < 4 && (bytes[i] & 0xC0) == 0x80) i--;
        if (i < 0) return bytes.Length;
        int length = bytes[i] >= 0xF0 ? 4 : bytes[i] >= 0xE0 ? 3 : bytes[i] >= 0xC0 ? 2 : 1;
        return i + length > bytes.Length ? i : bytes.Length;
    }
}
