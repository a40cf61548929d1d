using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LfrAudit.Pages;

/// <summary>
/// Renders a Razor component with its parameters to a string of HTML, synchronously, for callers that write a file or
/// answer a request. The services are built once (an encoder that leaves readable text readable: "—", "×" and accented
/// names stay themselves, while &lt; &gt; &amp; and quotes are always encoded); each render has its own cheap
/// <see cref="HtmlRenderer"/>, disposed after it, so no rendered page is kept alive and renders never share state.
/// </summary>
public static class PageRenderer
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(Readable()))
        .BuildServiceProvider();

    // Every script left readable, but the characters that make text read differently from what it is: the encoder
    // already writes control characters as references; the bidirectional embeddings, overrides and isolates and the
    // line and paragraph separators (format characters it would let through raw) are written as references too, so no
    // page's bytes carry one (as SafeText keeps them out of a terminal or a Markdown document).
    private static TextEncoderSettings Readable()
    {
        var settings = new TextEncoderSettings(UnicodeRanges.All);
        settings.ForbidCharacters(['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029']);
        return settings;
    }

    /// <summary>The component's HTML, its parameters given by name (nameof the component's properties).</summary>
    public static string Render<TComponent>(IReadOnlyDictionary<string, object?> parameters) where TComponent : IComponent
    {
        using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        // The components render synchronously, so the task is complete when InvokeAsync returns; a caller's thread has no
        // synchronisation context to deadlock on (a console, a Kestrel request, a test).
        return renderer.Dispatcher.InvokeAsync(async () =>
        {
            var root = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters.ToDictionary()));
            return root.ToHtmlString();
        }).GetAwaiter().GetResult();
    }
}
