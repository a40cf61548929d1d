using System.Text.Json;

namespace LfrAudit.Web;

/// <summary>An answer that is not a success, as RFC 9457 problem details; <see cref="Error"/> repeats the detail for the console's script.</summary>
internal sealed record ConsoleProblem(string Title, int Status, string Detail, string Error)
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
