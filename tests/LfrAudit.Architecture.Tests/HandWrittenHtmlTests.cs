using LfrAudit.Architecture.Tests.Planted.Html;

namespace LfrAudit.Architecture.Tests;

/// <summary>
/// Every page is a Razor component rendered by PageRenderer (docs/architecture.md): no project of ours builds HTML in
/// strings or escapes it by hand; and the rule reports each planted way of doing so (Planted/PlantedEscapers.cs).
/// </summary>
[Trait("Category", "Unit")]
public sealed class HandWrittenHtmlTests
{
    [Fact]
    public void No_project_of_ours_builds_HTML_in_strings_or_escapes_it_by_hand()
    {
        var broken = Layers.Assemblies.SelectMany(a => HandWrittenHtml.Violations(a.Value).Select(v => $"{a.Key}: {v}")).ToList();
        Assert.True(broken.Count == 0, "pages are Razor components rendered by PageRenderer; broken by:\n  " + string.Join("\n  ", broken));
    }

    [Fact]
    public void The_rule_reports_each_planted_escaper_and_page_string_and_not_prose()
    {
        var broken = HandWrittenHtml.Violations(typeof(EscapesByReplacing).Assembly, t => t.Namespace == typeof(EscapesByReplacing).Namespace);
        Assert.Equal(
        [
            $"{typeof(BuildsAPageFromStrings).FullName}::Page: writes HTML in a string",
            $"{typeof(CallsTheLibraryEscaper).FullName}::E: calls WebUtility.HtmlEncode",
            $"{typeof(CallsTheLibraryEscaper).FullName}::ViaTheEncoder: calls TextEncoder.Encode",
            $"{typeof(EscapesByCharacterCode).FullName}::E: writes the character reference \"&#\"",
            $"{typeof(EscapesByReplacing).FullName}::E: writes the character reference \"&amp;\"",
            $"{typeof(EscapesByReplacing).FullName}::E: writes the character reference \"&gt;\"",
            $"{typeof(EscapesByReplacing).FullName}::E: writes the character reference \"&lt;\"",
            $"{typeof(EscapesByReplacing).FullName}::E: writes the character reference \"&quot;\"",
        ], broken);
    }

    [Fact]
    public void The_one_allowance_is_the_Markdown_escaper_and_the_rule_sees_it_without_it()
    {
        // Without its allowance the Markdown escaper is reported, and nothing else in Publishing is: the allowance is
        // needed, and excuses nothing more.
        var publishing = HandWrittenHtml.Violations(Layers.Assemblies[Layers.Publishing], allowed: new HashSet<string>());
        Assert.Equal(["&amp;", "&gt;", "&lt;"], publishing.Select(v => v.Split('"')[1]).Order(StringComparer.Ordinal));
        Assert.All(publishing, v => Assert.StartsWith("LfrAudit.Publishing.Rendering.Markdown::E: ", v, StringComparison.Ordinal));
    }
}
