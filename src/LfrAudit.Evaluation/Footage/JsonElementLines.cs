using System.Text;
using System.Text.Json;

namespace LfrAudit.Evaluation.Footage;

/// <summary>
/// The line each element of a top-level array property starts on (<c>{"appearances": [ … ]}</c>), so a problem with
/// the tenth appearance can name its line. System.Text.Json gives byte offsets, not lines: newlines are counted.
/// Call it on text the serializer has already accepted.
/// </summary>
internal static class JsonElementLines
{
    public static IReadOnlyList<int> Of(string text, string property)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var lines = new List<int>();
        int line = 1;
        long counted = 0;
        bool inArray = false;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                inArray = false;
                if (reader.ValueTextEquals(property) || string.Equals(reader.GetString(), property, StringComparison.OrdinalIgnoreCase))
                {
                    lines.Clear(); // a repeated property: the serializer refuses it, but the last one is the one it would read
                    inArray = true;
                }
            }
            else if (inArray && reader.CurrentDepth == 2 && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject or JsonTokenType.PropertyName))
            {
                for (long i = counted; i < reader.TokenStartIndex; i++)
                    if (bytes[i] == (byte)'\n') line++;
                counted = reader.TokenStartIndex;
                lines.Add(line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
            }
        }
        return lines;
    }
}
