using LfrAudit.Application.Deployments;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Calendar;
using LfrAudit.Core.Ports;
using LfrAudit.Publishing.Documents;

namespace LfrAudit.Cli.Hosting;

/// <summary>The composition root for the use cases: the services a command calls, over an open store, with this command's clock.</summary>
public static class UseCases
{
    public static WorkingDayCalendar Calendar => WorkingDayCalendar.EnglandAndWales;

    public static DocumentPublisher Publisher(IStore store) => new(store, PublicationSettings.Default, Calendar);

    public static DeploymentService Deployments(IStore store, IClock clock) => new(store, clock, Publisher(store), Calendar);
}
