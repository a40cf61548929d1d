using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace LfrAudit.Governance.Audit;

/// <summary>One signature line of a signed note: the key's name, its 4-byte ID and the signature bytes.</summary>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature);

/// <summary>
/// The envelope of a C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, then
/// one or more lines "— &lt;key name&gt; &lt;base64(4-byte big-endian key ID ‖ signature)&gt;". This file only
/// splits and checks the envelope; what the text means and which keys are trusted are the caller's business.
/// Nothing here throws on a bad note: every refusal comes back as a reason.
/// </summary>
public sealed class SignedNote
{
    /// <summary>The spec asks verifiers to bound the signatures they read and to accept at least 16.</summary>
    public const int MaxSignatures = 32;

    /// <summary>
    /// Room for <see cref="MaxSignatures"/> post-quantum-sized signatures (the spec warns of nearly 5 kB
    /// each, about 6.7 kB in base64) while refusing anything large enough to be a memory or CPU attack.
    /// </summary>
    public const int MaxNoteBytes = 256 * 1024;

    private const string SignaturePrefix = "\u2014 "; // em dash, space

    /// <summary>The signed text, with its final newline but not the blank line after it.</summary>
    public string Text { get; }

    /// <summary>The signature lines, in the note's order: the log's own and any witness cosignatures.</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    private SignedNote(string text, IReadOnlyList<NoteSignature> signatures)
    {
        Text = text;
        Signatures = signatures;
    }

    /// <summary>
    /// A key name (and, by the same rule, a checkpoint origin): non-empty, no Unicode space, no '+' (it
    /// separates the parts of a verifier key), and no control character or broken surrogate, so that a name
    /// that passes can always be written into a valid note.
    /// </summary>
    public static bool IsValidKeyName(string? name) => NameProblem(name) is null;

    internal static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "it is empty";
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsWhiteSpace(c)) return $"it contains a space character (U+{(int)c:X4})";
            if (c == '+') return "it contains '+'";
            if (c < 0x20) return $"it contains a control character (U+{(int)c:X4})";
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return "it is not valid Unicode (an unpaired surrogate)";
        }
        return null;
    }

    /// <summary>The line a signature adds to a note, newline included.</summary>
    public static string SignatureLine(string keyName, uint keyId, ReadOnlySpan<byte> signature)
    {
        if (NameProblem(keyName) is { } why) throw new ArgumentException($"not a valid key name: {why}", nameof(keyName));
        var bytes = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, keyId);
        signature.CopyTo(bytes.AsSpan(4));
        return SignaturePrefix + keyName + " " + Convert.ToBase64String(bytes) + "\n";
    }

    /// <summary>The whole note: the text (ending in a newline), a blank line, then the signature lines.</summary>
    public static string Compose(string text, IEnumerable<string> signatureLines)
    {
        if (!text.EndsWith('\n')) throw new ArgumentException("a note's text ends with a newline", nameof(text));
        return text + "\n" + string.Concat(signatureLines);
    }

    /// <summary>Splits and checks a note's envelope; null, with the reason, when it is not a well-formed note.</summary>
    public static SignedNote? TryParse(string? note, out string? problem)
    {
        problem = CharacterProblem(note);
        if (problem is not null) return null;

        // The text ends at the LAST blank line (the text itself may hold blank lines); everything after it
        // is signature lines, which therefore can hold no blank line.
        int split = note!.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) { problem = "no blank line separates the text from the signatures"; return null; }
        string text = note[..(split + 1)];
        string block = note[(split + 2)..];
        if (block.Length == 0) { problem = "there is no signature line after the blank line"; return null; }
        if (!block.EndsWith('\n')) { problem = "the last signature line does not end with a newline"; return null; }

        var lines = block[..^1].Split('\n');
        if (lines.Length > MaxSignatures) { problem = $"{lines.Length} signature lines (at most {MaxSignatures} are read)"; return null; }

        var signatures = new List<NoteSignature>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            var signature = ParseSignatureLine(lines[i], out var why);
            if (signature is null) { problem = $"signature line {i + 1}: {why}"; return null; }
            signatures.Add(signature);
        }
        return new SignedNote(text, signatures);
    }

    // Size first (cheaply, in UTF-16 units, which never outnumber UTF-8 bytes), then UTF-8 validity and control characters.
    private static string? CharacterProblem(string? note)
    {
        if (string.IsNullOrEmpty(note)) return "the note is empty";
        if (note.Length > MaxNoteBytes) return $"the note is longer than {MaxNoteBytes} bytes";
        int bytes = 0;
        var rest = note.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out int used) != OperationStatus.Done)
                return $"the note is not valid UTF-8 (an unpaired surrogate at character {note.Length - rest.Length})";
            if (rune.Value < 0x20 && rune.Value != '\n')
                return $"the note contains a control character (U+{rune.Value:X4}) at character {note.Length - rest.Length}";
            bytes += rune.Utf8SequenceLength;
            rest = rest[used..];
        }
        return bytes > MaxNoteBytes ? $"the note is longer than {MaxNoteBytes} bytes" : null;
    }

    private static NoteSignature? ParseSignatureLine(string line, out string? problem)
    {
        problem = null;
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal)) { problem = "it does not start with an em dash and a space"; return null; }
        var rest = line[SignaturePrefix.Length..];
        int space = rest.IndexOf(' ');
        if (space < 0) { problem = "it has no space between the key name and the signature"; return null; }
        var name = rest[..space];
        if (NameProblem(name) is { } why) { problem = $"its key name is not valid: {why}"; return null; }
        var bytes = StrictBase64.Decode(rest[(space + 1)..]);
        if (bytes is null) { problem = "its signature is not canonical base64"; return null; }
        // Four bytes of key ID, then at least one byte of signature.
        if (bytes.Length < 5) { problem = $"its signature is {bytes.Length} bytes, too short to hold a key ID and a signature"; return null; }
        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]);
    }
}

/// <summary>
/// Standard base64 (RFC 4648 §4) read strictly: .NET's decoder skips whitespace and ignores stray padding
/// bits, so a note could be altered without changing what it decodes to. Only the one canonical spelling of
/// some bytes is accepted.
/// </summary>
internal static class StrictBase64
{
    public static byte[]? Decode(string text)
    {
        if (text.Length == 0 || text.Length % 4 != 0) return null;
        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out int written)) return null;
        var bytes = buffer[..written];
        return Convert.ToBase64String(bytes) == text ? bytes : null;
    }
}
