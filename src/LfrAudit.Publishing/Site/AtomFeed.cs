using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using LfrAudit.Core.Untrusted;
using LfrAudit.Publishing.Documents;

namespace LfrAudit.Publishing.Site;

/// <summary>
/// The site's Atom feed (RFC 4287): one entry per published document, newest first, the same items as the JSON Feed.
/// Atom wants absolute ids: each page's address under the site's where it has one, else a tag URI (RFC 4151) of the
/// force's name, stable however the site's folder is moved.
/// </summary>
internal static class AtomFeed
{
    public static string Write(IReadOnlyList<FeedItem> items, PublicationSettings settings, DateTimeOffset now)
    {
        var feed = new SyndicationFeed(Xml($"{settings.Force}: live facial recognition deployments"), "Notices before each deployment and outcome reports after it.",
            null, Id(settings, "feed", SitePaths.AtomFeed), items.Count > 0 ? items.Max(i => i.At) : now);
        feed.Authors.Add(new SyndicationPerson { Name = Xml(settings.Force) });
        feed.Links.Add(SyndicationLink.CreateAlternateLink(Uri(settings, SitePaths.Index), "text/html"));
        feed.Links.Add(SyndicationLink.CreateSelfLink(Uri(settings, SitePaths.AtomFeed), "application/atom+xml"));
        feed.Items = items.Select(i =>
        {
            return new SyndicationItem(Xml(i.Title), Xml(i.Text), Uri(settings, i.Path), Id(settings, i.Id, i.Path), i.At) { PublishDate = i.At };
        }).ToList();

        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
            new Atom10FeedFormatter(feed).WriteTo(xml);
        // StringBuilder is UTF-16: the declaration says what the file is written as.
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    // Text people typed, as XML 1.0 can carry it: control characters shown as escapes, as the rest of the site shows
    // them, and anything XML cannot hold at all (a lone surrogate) as U+FFFD, rather than a feed no reader can open.
    private static string Xml(string text)
    {
        var escaped = SafeText.Escape(text);
        var b = new StringBuilder(escaped.Length);
        for (int i = 0; i < escaped.Length; i++)
        {
            if (i + 1 < escaped.Length && XmlConvert.IsXmlSurrogatePair(escaped[i + 1], escaped[i])) { b.Append(escaped, i, 2); i++; }
            else b.Append(XmlConvert.IsXmlChar(escaped[i]) ? escaped[i] : '\uFFFD');
        }
        return b.ToString();
    }

    private static Uri Uri(PublicationSettings settings, string path) => new(settings.Link(path), UriKind.RelativeOrAbsolute);

    // The page's own address where the site has one (as most feeds do), else a tag URI of the force and the item.
    private static string Id(PublicationSettings settings, string item, string path) =>
        settings.BaseUrl is { } b ? b.Resolve(path) : $"tag:lfraudit,2026:{System.Uri.EscapeDataString(settings.Force)}/{item}";
}

/// <summary>A published document as both feeds list it.</summary>
/// <param name="Id">Stable within the site: "DEP-1/notice".</param>
/// <param name="Path">Its page, relative to the site.</param>
/// <param name="Title">Its title.</param>
/// <param name="At">When it was published.</param>
/// <param name="Text">A line of what it says.</param>
internal sealed record FeedItem(string Id, string Path, string Title, DateTimeOffset At, string Text);
