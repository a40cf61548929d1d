namespace LfrAudit.Publishing.Documents;

/// <summary>Who publishes, on what legal basis, and whom the public can contact.</summary>
public sealed record PublicationSettings(string Force, string LegalBasis, string Contact)
{
    /// <summary>The settings a deployment's documents are published with unless a force gives its own.</summary>
    public static readonly PublicationSettings Default = new(
        "Example Police Service (simulated)",
        "Common law policing powers to prevent and detect crime, exercised under the Data Protection Act 2018 (Part 3, sensitive processing for law enforcement), the Human Rights Act 1998 (Article 8), the Equality Act 2010 (public sector equality duty) and the College of Policing Authorised Professional Practice on live facial recognition.",
        "lfr-enquiries@example.police.uk (simulated address)");
}
