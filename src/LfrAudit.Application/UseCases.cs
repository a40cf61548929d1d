using LfrAudit.Application.Alerts;
using LfrAudit.Application.Deployments;
using LfrAudit.Application.Runs;
using LfrAudit.Application.Watchlists;
using LfrAudit.Vision.Evidence;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Models;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Calendar;
using LfrAudit.Core.Ports;
using LfrAudit.Publishing.Documents;

namespace LfrAudit.Application;

/// <summary>
/// The use cases composed over an open store: what a front end (a command, an endpoint, a scenario) calls. Each records by
/// the store's clock (<see cref="IStore.Clock"/>), so a use case and the store it writes to can never disagree on the time.
/// </summary>
public static class UseCases
{
    public static WorkingDayCalendar Calendar => WorkingDayCalendar.EnglandAndWales;

    public static DocumentPublisher Publisher(IStore store) => new(store, PublicationSettings.Default, Calendar);

    public static DeploymentService Deployments(IStore store) => new(store, Publisher(store), Calendar, ModelCatalogue.Embedded);

    public static AlertDeskService Alerts(IStore store) => new(store);

    public static EnrolmentService Enrolment(IStore store, RecognitionModels models) =>
        new(store, new ImageFileReader(), models.Detector, models.FaceEmbedder);

    public static RecognitionRun Recognition(IStore store, RecognitionModels models, IFaceEmbedder? sharedEmbedder = null) =>
        new(store, models.Detector, sharedEmbedder ?? models.FaceEmbedder, new JpegEvidenceEncoder(), models.Sharpness);
}
