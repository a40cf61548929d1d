using LfrAudit.Publishing.Rendering;

namespace LfrAudit.Publishing.Tests;

/// <summary>A calendar event for a deployment a simulation clock dated says so where calendar apps show it, and to software; a real one does not.</summary>
public class SimulatedCalendarTests
{
    [Fact]
    public void Simulated_events_are_marked_in_title_description_and_property_and_real_ones_are_not()
    {
        var entries = Samples.Programme();
        var simulatedId = entries[0].Deployment.Id;
        var ics = ICalendar.Write(entries.Select(e => e.Deployment), Samples.Now, "Force", d => d.Id == simulatedId).Replace("\r\n ", "");
        var events = ics.Split("BEGIN:VEVENT")[1..];
        Assert.Equal(4, events.Length);
        var simulated = Assert.Single(events, e => e.Contains($"UID:{simulatedId.Value}@", StringComparison.Ordinal));
        Assert.Contains("\r\nSUMMARY:SIMULATION: Live facial recognition: North End\\, Croydon\r\n", simulated);
        Assert.Contains("\r\nDESCRIPTION:SIMULATION: this document was produced by a demo or a simulated programme.", simulated);
        Assert.Contains($"\r\n{ICalendar.SimulationProperty}:TRUE\r\n", simulated);
        foreach (var real in events.Where(e => e != simulated))
            Assert.DoesNotContain("SIMULATION", real);
    }

    [Fact]
    public void Without_a_simulation_nothing_is_marked()
    {
        var ics = ICalendar.Write(Samples.Programme().Select(e => e.Deployment), Samples.Now, "Force");
        Assert.DoesNotContain("SIMULATION", ics);
    }

    [Fact]
    public void A_site_entry_is_simulated_when_either_of_its_documents_was()
    {
        var e = Samples.Programme()[0];
        Assert.False(e.DatedBySimulation);
        Assert.True((e with { Notice = e.Notice! with { DatedBySimulation = true } }).DatedBySimulation);
        Assert.True((e with { Outcome = e.Outcome! with { DatedBySimulation = true } }).DatedBySimulation);
    }
}
