using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Recognition;

/// <summary>
/// The opened recognition models a use case works with (Vision's <c>RecognitionModels</c> composes them from the model
/// catalogue): the detector, the embedder, the sharpness measure beside the detector, the threshold the catalogue gives
/// the embedder, and what an evaluation's provenance records of each model. Disposing closes them all.
/// </summary>
public interface IRecognitionModels : IDisposable
{
    /// <summary>Finds faces in a frame.</summary>
    IFaceDetector Detector { get; }
    /// <summary>Turns an aligned face into the vector the watchlist is searched with.</summary>
    IFaceEmbedder FaceEmbedder { get; }
    /// <summary>Measures how sharp a face is, to choose a track's best frames.</summary>
    IFaceSharpness Sharpness { get; }

    /// <summary>The threshold the catalogue gives this embedder: the default for a run.</summary>
    Threshold DefaultThreshold { get; }

    /// <summary>The detector by its catalogue id and the SHA-256 of its file ("yunet-... sha256 ...").</summary>
    string DetectorProvenance { get; }

    /// <summary>The embedder by its catalogue id and the SHA-256 of its file.</summary>
    string EmbedderProvenance { get; }

    /// <summary>
    /// The licence terms accepted to use the embedder ("CC-BY-NC-SA-4.0 (non-commercial use only), accepted"), recorded with
    /// every run on it; null for a model licensed for any use.
    /// </summary>
    string? AcceptedLicenceTerms { get; }
}
