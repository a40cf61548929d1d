using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

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

/// <summary>
/// A change a supervisor made to a registered user: disabled, enabled, removed, or given a new password. Each names the
/// user, who made the change (a registered supervisor), through what and when; a new password's entry never holds the
/// password or its hash.
/// </summary>
public interface IUserChange : IAuditEvent
{
    string User { get; }
    string By { get; }
    DateTimeOffset At { get; }
    string Via { get; }
}

internal static class UserChangeData
{
    public static JsonObject Of(IUserChange c) => new() { ["user"] = c.User, ["by"] = c.By, ["at"] = EventJson.Time(c.At), ["via"] = c.Via };
}

/// <summary>A user disabled: they cannot sign in or act, and their sessions end, until a supervisor enables them.</summary>
public sealed record UserDisabled(string User, string By, DateTimeOffset At, string Via) : IUserChange
{
    public const string TypeName = "user.disabled";
    public string Type => TypeName;
    public JsonObject ToData() => UserChangeData.Of(this);
    public static UserDisabled Read(EventFields f) => new(f.String("user"), f.String("by"), f.Time("at"), f.String("via"));
}

/// <summary>A disabled user enabled again.</summary>
public sealed record UserEnabled(string User, string By, DateTimeOffset At, string Via) : IUserChange
{
    public const string TypeName = "user.enabled";
    public string Type => TypeName;
    public JsonObject ToData() => UserChangeData.Of(this);
    public static UserEnabled Read(EventFields f) => new(f.String("user"), f.String("by"), f.Time("at"), f.String("via"));
}

/// <summary>A user removed, for good: they never sign in or act again, and their name is never given to anyone else.</summary>
public sealed record UserRemoved(string User, string By, DateTimeOffset At, string Via) : IUserChange
{
    public const string TypeName = "user.removed";
    public string Type => TypeName;
    public JsonObject ToData() => UserChangeData.Of(this);
    public static UserRemoved Read(EventFields f) => new(f.String("user"), f.String("by"), f.Time("at"), f.String("via"));
}

/// <summary>A user given a new password by a supervisor (never the password or its hash): the sessions begun before it end.</summary>
public sealed record PasswordChanged(string User, string By, DateTimeOffset At, string Via) : IUserChange
{
    public const string TypeName = "user.password_changed";
    public string Type => TypeName;
    public JsonObject ToData() => UserChangeData.Of(this);
    public static PasswordChanged Read(EventFields f) => new(f.String("user"), f.String("by"), f.Time("at"), f.String("via"));
}
