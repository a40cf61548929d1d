using System.Text.Json.Nodes;

namespace LfrAudit.Core.Audit.Vocabulary;

/// <summary>A console user added: name and role, never the password or its hash; who added them, through what, when.</summary>
public sealed record UserAdded(string User, string Role, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    public const string TypeName = "user.added";
    public string Type => TypeName;

    /// <summary>How a scripted user's entry ends its <c>via</c> (ScriptedUsers): a user no one can sign in as, whatever their role.</summary>
    public const string ScriptedNote = "(a scripted user: no password, cannot sign in)";

    public static bool IsScripted(string? via) => via?.EndsWith(ScriptedNote, StringComparison.Ordinal) == true;

    public JsonObject ToData() => new JsonObject { ["user"] = User, ["role"] = Role, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);
    public static UserAdded Read(EventFields f) => new(f.String("user"), f.String("role"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}

/// <summary>A sign-in to the console, or one refused: the name given (or "(not a user name)"), from where, when.</summary>
public sealed record SignInRecorded(bool Succeeded, string User, string From, DateTimeOffset At) : IAuditEvent
{
    public const string SignedIn = "user.signed_in";
    public const string Refused = "user.sign_in_refused";
    public string Type => Succeeded ? SignedIn : Refused;
    public JsonObject ToData() => new() { ["user"] = User, ["from"] = From, ["at"] = EventJson.Time(At) };
    public static SignInRecorded Read(bool succeeded, EventFields f) => new(succeeded, f.String("user"), f.String("from"), f.Time("at"));
}
