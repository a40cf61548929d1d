using System.Globalization;
using System.Text;
using LfrAudit.Core.Problems;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LfrAudit.Core.Untrusted;

/// <summary>
/// Reads YAML that someone hands us (a watchlist manifest, a scenario) within <see cref="YamlLimits"/>: the file's
/// size is checked before it is read, and depth, nodes and aliases while it is parsed, before any document is
/// built. Whatever is wrong is one line naming the file and the line.
/// </summary>
public static class BoundedYaml
{
    /// <summary>The file's text, if it is a regular file within the size limit.</summary>
    public static string ReadText(string path, YamlLimits limits)
    {
        FileKind.RequireRegularFile(path, limits.What);
        long length = new FileInfo(path).Length;
        if (length > limits.MaxBytes) throw TooLarge(FileKind.Show(path), length, limits);
        return TextFiles.ReadAll(path, limits.What);
    }

    /// <summary>The documents in <paramref name="text"/>; <paramref name="path"/> is the file as messages show it.</summary>
    public static YamlStream Load(string text, string path, YamlLimits limits)
    {
        // Each character is one to three bytes of UTF-8: count the bytes only where the count could matter.
        long bytes = text.Length * 3L <= limits.MaxBytes ? text.Length : Encoding.UTF8.GetByteCount(text);
        if (bytes > limits.MaxBytes) throw TooLarge(path, bytes, limits);
        var stream = new YamlStream();
        try { stream.Load(new BoundedYamlParser(new Parser(new StringReader(text)), path, limits)); }
        catch (YamlException ex)
        { throw new LfrInputException($"{path}:{ex.Start.Line}: not valid YAML: {SafeText.Escape(FirstLine(ex.Message))}", ex); }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException) // YamlDotNet on some malformed streams
        { throw new LfrInputException($"{path}: not valid YAML (the parser gave up: {SafeText.Escape(FirstLine(ex.Message))})", ex); }
        return stream;
    }

    private static LfrInputException TooLarge(string path, long length, YamlLimits limits) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"{path}: the {limits.What} is {length:N0} bytes, over the {limits.MaxBytes:N0}-byte limit for one"));

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
