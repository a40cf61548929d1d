using LfrAudit.Application.Alerts;
using LfrAudit.Application.Deployments;
using LfrAudit.Application.Publishing;
using LfrAudit.Application.Runs;
using LfrAudit.Application.Watchlists;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Stores;
using LfrAudit.Publishing.Documents;
using LfrAudit.Recognition;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Application;

/// <summary>
/// The use cases composed over an open store: what a front end (a command, an endpoint, a scenario) calls. Each records by
/// the store's clock (<see cref="IStore.Clock"/>), so a use case and the store it writes to can never disagree on the time.
/// </summary>
public static class UseCases
{
    /// <summary>The working days deadlines are counted in: England and Wales, bank holidays included.</summary>
    public static WorkingDayCalendar Calendar => WorkingDayCalendar.EnglandAndWales;

    /// <param name="catalogue">Names the model a deployment uses on its documents (Vision's model catalogue).</param>
    /// <param name="settings">Who publishes and where (the force's configuration); none, <see cref="PublicationSettings.Default"/>.</param>
    public static DocumentPublisher Publisher(IStore store, IModelCatalogue catalogue, PublicationSettings? settings = null) =>
        new(store, settings ?? PublicationSettings.Default, Calendar, catalogue);

    /// <param name="catalogue">The threshold calibrated for each model (a plan without a threshold takes it) and the name its documents give it (Vision's model catalogue).</param>
    /// <param name="settings">Who publishes the deployments' documents (the force's configuration); none, <see cref="PublicationSettings.Default"/>.</param>
    public static DeploymentService Deployments(IStore store, IModelCatalogue catalogue, PublicationSettings? settings = null) =>
        new(store, Publisher(store, catalogue, settings), Calendar, catalogue);

    /// <summary>
    /// The deployments for a front end that lists, shows and assigns but never plans (the console): it composes no model
    /// catalogue, so a plan made through it without a threshold is refused as one for an uncalibrated model.
    /// </summary>
    public static DeploymentService DeploymentQueries(IStore store) => Deployments(store, NoCatalogue.Instance);

    /// <summary>The alert desk: queue, decisions, engagement outcomes.</summary>
    public static AlertDeskService Alerts(IStore store) => new(store);

    /// <summary>The supervisor's oversight: decisions by operator, waiting alerts, threshold changes, cameras.</summary>
    public static Supervision.SupervisionService Supervision(IStore store) => new(store);

    /// <param name="images">Reads the watchlist's reference images (Vision's image file reader).</param>
    public static EnrolmentService Enrolment(IStore store, IRecognitionModels models, IReferenceImageReader images) =>
        new(store, images, models.Detector, models.FaceEmbedder);

    /// <param name="evidence">Encodes an alert's probe crop (Vision's JPEG encoder).</param>
    public static RecognitionRun Recognition(IStore store, IRecognitionModels models, IEvidenceEncoder evidence, IFaceEmbedder? sharedEmbedder = null) =>
        new(store, models.Detector, sharedEmbedder ?? models.FaceEmbedder, evidence, models.Sharpness) { ModelLicence = models.AcceptedLicenceTerms };

    private sealed class NoCatalogue : IModelCatalogue
    {
        public static readonly NoCatalogue Instance = new();
        public Threshold? CalibratedFor(string modelId) => null;
        public RecognitionModelName? Describe(string modelId) => null;
    }
}
