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
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

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
