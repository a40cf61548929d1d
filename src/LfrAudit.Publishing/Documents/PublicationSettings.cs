namespace LfrAudit.Publishing.Documents;

/// <summary>Who publishes, on what legal basis, whom the public can contact, and where the site is read.</summary>
/// <param name="Force">The force's name, as every document names it.</param>
/// <param name="LegalBasis">The legal basis a notice states.</param>
/// <param name="Contact">Whom the public can write to.</param>
/// <param name="BaseUrl">
/// Where the public site is served from (an absolute http or https address): feeds and the results table link to
/// documents by absolute address under it, as feed readers need. None, and links stay relative to the site's folder.
/// </param>
public sealed record PublicationSettings(string Force, string LegalBasis, string Contact, SiteBaseUrl? BaseUrl = null)
{
    /// <summary>The settings a deployment's documents are published with unless a force gives its own.</summary>
    public static readonly PublicationSettings Default = new(
        "Example Police Service (simulated)",
        "Common law policing powers to prevent and detect crime, exercised under the Data Protection Act 2018 (Part 3, sensitive processing for law enforcement), the Human Rights Act 1998 (Article 8), the Equality Act 2010 (public sector equality duty) and the College of Policing Authorised Professional Practice on live facial recognition.",
        "lfr-enquiries@example.police.uk (simulated address)");

    /// <summary>A page or file of the site, as a link from outside it: absolute under <see cref="BaseUrl"/>, else as given.</summary>
    public string Link(string relative) => BaseUrl is { } b ? b.Resolve(relative) : relative;
}
