using System.Reflection;
using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace LfrAudit.Architecture.Tests;

/// <summary>
/// No page is built from strings, and nothing escapes HTML by hand (docs/architecture.md, "Pages"): read from the IL of
/// every method body, a method outside a Razor component may not write an HTML tag in a string literal, write a
/// character reference ("&amp;lt;", "&amp;#"), or call an HTML encoder itself (WebUtility or HttpUtility's HtmlEncode, an
/// encoder's Encode). BannedSymbols.txt stops the library escapers at build time, but not an escaper of one's own, nor
/// a use under a suppression: this reads what was built.
/// </summary>
public static partial class HandWrittenHtml
{
    /// <summary>
    /// The one escaper allowed, and why: Markdown documents may carry raw HTML, so their escaper (Publishing's
    /// <c>Markdown.E</c>) writes &amp;lt;, &amp;gt; and &amp;amp;; the .md files are published and hashed as they are.
    /// </summary>
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal) { "LfrAudit.Publishing.Rendering.Markdown::E" };

    private static readonly string[] EncoderTypes = ["System.Net.WebUtility", "System.Web.HttpUtility", "System.Text.Encodings.Web.TextEncoder", "System.Text.Encodings.Web.HtmlEncoder"];

    // An HTML element a page is made of, opening or closing ("<p>", "</td", "<a href"), not "< 0.0001" or "<path to a folder>".
    [GeneratedRegex(@"</?(html|head|body|title|meta|link|style|script|main|header|footer|nav|section|article|aside|h[1-6]|p|div|span|a|ul|ol|li|dl|dt|dd|table|caption|thead|tbody|tr|th|td|form|input|button|label|select|option|textarea|img|figure|figcaption|code|pre|strong|em|b|i|br|hr|small|time|abbr|details|summary)[\s>/]", RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    // A character reference written out: "&lt;", "&amp;", "&#39;", or the start of one built from a code ("&#", "&#x").
    [GeneratedRegex(@"^&(#x?[0-9a-f]*|[a-z]+[0-9]*);?$", RegexOptions.IgnoreCase)]
    private static partial Regex CharacterReference();

    /// <summary>
    /// What breaks the rule in an assembly's types that <paramref name="include"/> accepts, "Type::Method: what", but in
    /// the methods <paramref name="allowed"/> names (<see cref="Allowed"/> unless given).
    /// </summary>
    public static IReadOnlyList<string> Violations(Assembly assembly, Func<TypeDefinition, bool>? include = null, IReadOnlySet<string>? allowed = null)
    {
        allowed ??= Allowed;
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        var found = new List<string>();
        foreach (var type in module.GetTypes().Where(t => include?.Invoke(t) ?? true))
        {
            var inComponent = IsComponentOrInside(type);
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                var name = $"{type.FullName}::{method.Name}";
                if (allowed.Contains(name)) continue;
                foreach (var i in method.Body.Instructions)
                {
                    if (i.OpCode == OpCodes.Ldstr && i.Operand is string s)
                    {
                        if (CharacterReference().IsMatch(s)) found.Add($"{name}: writes the character reference \"{s}\"");
                        else if (!inComponent && Tag().IsMatch(s)) found.Add($"{name}: writes HTML in a string");
                    }
                    else if (i.Operand is MethodReference called && EncoderTypes.Contains(called.DeclaringType.FullName)
                        && called.Name is "HtmlEncode" or "HtmlAttributeEncode" or "Encode")
                        found.Add($"{name}: calls {called.DeclaringType.Name}.{called.Name}");
                }
            }
        }
        return [.. found.Distinct().Order(StringComparer.Ordinal)];
    }

    private static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    // Razor compiles a component's markup into string literals of its own BuildRenderTree (and of the closures inside it);
    // those are the one place a tag may be written, and Razor encodes what goes between them.
    private static bool IsComponentOrInside(TypeDefinition type)
    {
        for (TypeDefinition? t = Outermost(type); t is not null;)
        {
            if (t.Interfaces.Any(i => i.InterfaceType.FullName == "Microsoft.AspNetCore.Components.IComponent")
                || t.BaseType?.FullName is "Microsoft.AspNetCore.Components.ComponentBase" or "Microsoft.AspNetCore.Components.LayoutComponentBase")
                return true;
            t = t.BaseType is { } b && b.Scope == t.Module ? b.Resolve() : null;
        }
        return false;
    }
}
