using LfrAudit.Governance.Audit;
using LfrAudit.Pages;

namespace LfrAudit.Publishing.Oversight;

/// <summary>
/// A table cell or a contents entry: plain text, encoded when it is rendered, shown as a link, a flag (late, on time) or
/// code. The report never holds markup, so nothing in a log entry can become markup.
/// </summary>
public sealed record Cell(string Text, string? Href = null, string? Class = null, bool Code = false)
{
    /// <summary>Plain text as a cell.</summary>
    public static implicit operator Cell(string text) => new(text);
    /// <summary>Plain text as a cell (the conversion, by name).</summary>
    public static Cell FromString(string text) => new(text);
    /// <summary>A cell linking to <paramref name="href"/> (an anchor in the report).</summary>
    public static Cell Link(string href, string text) => new(text, Href: href);
    /// <summary>A cell marked as a missed deadline.</summary>
    public static Cell Late(string text) => new(text, Class: "late");
    /// <summary>A cell marked as a deadline met.</summary>
    public static Cell OnTime(string text) => new(text, Class: "ontime");
    /// <summary>A cell shown as code (a hash, an id).</summary>
    public static Cell AsCode(string text) => new(text, Code: true);
}

/// <summary>One block of the IAG report, in order.</summary>
public abstract record ReportBlock;

/// <summary>A heading, with the anchor the contents and the summary link to.</summary>
public sealed record Heading(int Level, string Text, string? Id = null) : ReportBlock;

/// <summary>A paragraph; a lead in bold before the text; attributes such as the counts a test or a script reads.</summary>
public sealed record Paragraph(string Text, string? Class = null, string? Id = null, string? Lead = null,
    IReadOnlyDictionary<string, object>? Attributes = null) : ReportBlock;

/// <summary>A list of plain lines.</summary>
/// <param name="Items">The lines, in order.</param>
public sealed record BulletList(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>The contents: a link to each section, with the words after it.</summary>
public sealed record ContentsList(IReadOnlyList<(Cell Link, string After)> Entries) : ReportBlock;

/// <summary>A table of the log's figures; each row's first cell is its header.</summary>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows) : ReportBlock;

/// <summary>
/// The console's status line above a report it reviewed: verified or not, and whether the export is the console's
/// whole log (<paramref name="LiveEntries"/>: how many entries the live log holds now; none, not reviewed beside it).
/// </summary>
public sealed record ReviewBanner(long? LiveEntries);

/// <summary>The IAG report's blocks, as <see cref="IagReport"/> adds them, rendered as one page.</summary>
internal sealed class ReportBuilder
{
    private readonly List<ReportBlock> _blocks = [];

    public void Add(ReportBlock block) => _blocks.Add(block);
    public void H(int level, string text) => Add(new Heading(level, text));
    public void P(string text) => Add(new Paragraph(text));
    public void Note(string text, string @class) => Add(new Paragraph(text, @class));
    public void List(IEnumerable<string> items) => Add(new BulletList([.. items]));
    public void Table(string caption, string[] headers, IEnumerable<Cell[]> rows) => Add(new ReportTable(caption, headers, [.. rows]));
    public void Table(string caption, string[] headers, IEnumerable<string[]> rows) =>
        Table(caption, headers, rows.Select(r => r.Select(Cell.FromString).ToArray()));

    public string Render(string title, VerificationResult verification, ReviewBanner? banner) =>
        PageRenderer.Render<IagReportView>(new Dictionary<string, object?>
        {
            [nameof(IagReportView.Title)] = title,
            [nameof(IagReportView.Blocks)] = _blocks,
            [nameof(IagReportView.Verification)] = verification,
            [nameof(IagReportView.Banner)] = banner,
        });
}
