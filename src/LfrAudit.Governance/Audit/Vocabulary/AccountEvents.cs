using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>A console user added: name and role, never the password or its hash; who added them, through what, when.</summary>
public sealed record UserAdded(string User, string Role, string By, DateTimeOffset At, string? Via = null) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "user.added";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <summary>How a scripted user's entry ends its <c>via</c> (ScriptedUsers): a user no one can sign in as, whatever their role.</summary>
    public const string ScriptedNote = "(a scripted user: no password, cannot sign in)";

    /// <summary>Whether a user-added entry's via marks a scripted user, one no one can sign in as.</summary>
    public static bool IsScripted(string? via) => via?.EndsWith(ScriptedNote, StringComparison.Ordinal) == true;

    /// <inheritdoc/>
    public JsonObject ToData() => new JsonObject { ["user"] = User, ["role"] = Role, ["by"] = By, ["at"] = EventJson.Time(At) }.With("via", Via);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static UserAdded Read(EventFields f) => new(f.String("user"), f.String("role"), f.String("by"), f.Time("at"), f.OptionalString("via"));
}

/// <summary>A sign-in to the console, or one refused: the name given, from where, when.</summary>
/// <param name="User">
/// The user's name; for a name that is no user's, "unknown name #" and a short keyed hash of what was typed (the key
/// never kept), since people type passwords into the name field.
/// </param>
/// <param name="From">Where the sign-in came from: the browser's address.</param>
public sealed record SignInRecorded(bool Succeeded, string User, string From, DateTimeOffset At) : IAuditEvent
{
    /// <summary>The type of a sign-in's entry.</summary>
    public const string SignedIn = "user.signed_in";

    /// <summary>The type of a refused sign-in's entry: the same data, under its own type.</summary>
    public const string Refused = "user.sign_in_refused";

    /// <inheritdoc/>
    public string Type => Succeeded ? SignedIn : Refused;

    /// <inheritdoc/>
    public JsonObject ToData() => new() { ["user"] = User, ["from"] = From, ["at"] = EventJson.Time(At) };

    /// <summary>
    /// Reads a sign-in or a refusal back from an entry's data (the type says which), noting each bad member in
    /// <paramref name="f"/>.
    /// </summary>
    public static SignInRecorded Read(bool succeeded, EventFields f) => new(succeeded, f.String("user"), f.String("from"), f.Time("at"));
}

/// <summary>
/// A change a supervisor made to a registered user: disabled, enabled, removed, or given a new password. Each names the
/// user, who made the change (a registered supervisor), through what and when; a new password's entry never holds the
/// password or its hash.
/// </summary>
public interface IUserChange : IAuditEvent
{
    /// <summary>The registered user changed.</summary>
    string User { get; }

    /// <summary>The supervisor who made the change.</summary>
    string By { get; }

    /// <summary>When the change was made.</summary>
    DateTimeOffset At { get; }

    /// <summary>Through what the supervisor made it, or "not named" when that was not known.</summary>
    string Via { get; }
}

internal static class UserChangeData
{
    public static JsonObject Of(IUserChange c) => new() { ["user"] = c.User, ["by"] = c.By, ["at"] = EventJson.Time(c.At), ["via"] = c.Via };
}

/// <summary>A user disabled: they cannot sign in or act, and their sessions end, until a supervisor enables them.</summary>
public sealed record UserDisabled(string User, string By, DateTimeOffset At, string Via) : IUserChange
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "user.disabled";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => UserChangeData.Of(this);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static UserDisabled Read(EventFields f) => new(f.String("user"), f.String("by"), f.Time("at"), f.String("via"));
}

/// <summary>A disabled user enabled again.</summary>
public sealed record UserEnabled(string User, string By, DateTimeOffset At, string Via) : IUserChange
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "user.enabled";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => UserChangeData.Of(this);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static UserEnabled Read(EventFields f) => new(f.String("user"), f.String("by"), f.Time("at"), f.String("via"));
}

/// <summary>A user removed, for good: they never sign in or act again, and their name is never given to anyone else.</summary>
public sealed record UserRemoved(string User, string By, DateTimeOffset At, string Via) : IUserChange
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "user.removed";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => UserChangeData.Of(this);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static UserRemoved Read(EventFields f) => new(f.String("user"), f.String("by"), f.Time("at"), f.String("via"));
}

/// <summary>A user given a new password by a supervisor (never the password or its hash): the sessions begun before it end.</summary>
public sealed record PasswordChanged(string User, string By, DateTimeOffset At, string Via) : IUserChange
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "user.password_changed";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => UserChangeData.Of(this);

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static PasswordChanged Read(EventFields f) => new(f.String("user"), f.String("by"), f.Time("at"), f.String("via"));
}
