using System.Xml.Linq;
using LfrAudit.Evaluation.Reports;
using LfrAudit.Evaluation.Statistics;

namespace LfrAudit.Evaluation.Tests;

/// <summary>DET figures on log axes: however narrow the data, each axis shows the powers of ten around it.</summary>
public sealed class DetPlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-det-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_curve_within_one_decade_still_has_a_labelled_power_of_ten_at_each_end_of_both_axes()
    {
        // FPIR between 0.2 and 0.5 and FNIR between 0.2 and 0.6: within one decade on both axes.
        var searches = Enumerable.Range(0, 10).Select(i => new SearchOutcome($"s{i}", false, false, 0.5f + i * 0.01f, new Dictionary<string, string>()))
            .Concat(Enumerable.Range(0, 10).Select(i => new SearchOutcome($"m{i}", true, true, 0.52f + i * 0.01f, new Dictionary<string, string>()))).ToList();
        Assert.True(DetPlot.Draw(_dir, "det.png", [new DetSeries("one", searches, 0.55)], "DET"));
        var labels = XDocument.Load(Path.Combine(_dir, "det.svg")).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
        // 10⁻¹ and 1 bound the data on each axis: both appear twice (x and y).
        Assert.True(labels.Count(l => l == "10⁻¹") >= 2 && labels.Count(l => l == "1") >= 2, string.Join(" | ", labels));
    }
}
