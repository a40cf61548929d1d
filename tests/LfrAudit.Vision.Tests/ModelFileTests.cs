using LfrAudit.Recognition.Matching;
using LfrAudit.Testing;
using LfrAudit.Core.Problems;
using LfrAudit.Vision.Embedding;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Vision.Tests;

public class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfr-models-").FullName;
    private readonly ModelSpec _embedder = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
    private readonly ModelSpec _detector = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ModelDirectory Dir => new(_dir, "test");

    private string Place(ModelSpec spec, byte[] bytes)
    {
        var path = Dir.PathOf(spec);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Real(ModelSpec spec) => File.ReadAllBytes(SharedData.Models.PathOf(spec));

    [Fact]
    public void The_shared_models_match_the_catalogue()
    {
        Assert.True(ModelFileCheck.Check(_detector, SharedData.Models).IsOk);
        Assert.True(ModelFileCheck.Check(_embedder, SharedData.Models).IsOk);
    }

    [Fact]
    public void Missing_model_names_the_file_and_the_fix()
    {
        var ex = Assert.Throws<ModelFileException>(() => ModelFileCheck.RequireOk(_embedder, Dir));
        Assert.Contains(Dir.PathOf(_embedder), ex.Message);
        Assert.Contains("not found", ex.Message);
        Assert.Contains("lfr models fetch", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Fact]
    public void A_git_lfs_pointer_is_recognised_as_such()
    {
        Place(_embedder, System.Text.Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{_embedder.Sha256}\nsize {_embedder.Size}\n"));
        Assert.Equal(ModelFileState.GitLfsPointer, ModelFileCheck.Check(_embedder, Dir).State);
        Assert.Contains("Git LFS pointer", Assert.Throws<ModelFileException>(() => ModelFileCheck.RequireOk(_embedder, Dir)).Message);
    }

    [Fact]
    public void A_truncated_model_is_caught_by_its_size()
    {
        Place(_embedder, Real(_embedder)[..100_000]);
        var status = ModelFileCheck.Check(_embedder, Dir);
        Assert.Equal(ModelFileState.WrongSize, status.State);
        Assert.Contains("truncated", status.Detail);
    }

    [Fact]
    public void The_wrong_model_of_the_right_size_is_caught_by_its_hash()
    {
        var bytes = Real(_embedder);
        bytes[^10] ^= 0xFF;
        Place(_embedder, bytes);
        Assert.Equal(ModelFileState.WrongHash, ModelFileCheck.Check(_embedder, Dir).State);
    }

    [Fact]
    public void The_detector_loaded_as_an_embedder_is_refused_clearly()
    {
        // Bypass the hash check (as a custom catalogue entry would) to exercise the shape check.
        var wrong = _embedder with { File = _detector.File, Sha256 = _detector.Sha256, Size = _detector.Size, Input = _embedder.Input with { Name = null } };
        var ex = Assert.ThrowsAny<LfrInputException>(() => new OnnxFaceEmbedder(wrong, SharedData.Models.PathOf(_detector), new InferenceSettings()));
        Assert.Contains(_detector.File, ex.Message);
    }

    [Fact]
    public void The_catalogue_describes_an_embedder_by_the_id_a_watchlist_records_and_no_other()
    {
        foreach (var m in ModelCatalogue.Embedded.Models.Where(m => m.Role == ModelRole.Embedder))
        {
            var named = ModelCatalogue.Embedded.Describe($"{m.Id}@{m.ShortHash}");
            Assert.Equal(new RecognitionModelName(m.Id, m.Name!, m.Version!, m.Sha256, m.Licence), named);
            // Same id, other weights: not this model.
            Assert.Null(ModelCatalogue.Embedded.Describe($"{m.Id}@000000000000"));
        }
        var detector = ModelCatalogue.Embedded.DefaultFor(ModelRole.Detector);
        Assert.Null(ModelCatalogue.Embedded.Describe($"{detector.Id}@{detector.ShortHash}"));
    }

    [Fact]
    public void Every_catalogue_entry_is_complete()
    {
        foreach (var m in ModelCatalogue.Embedded.Models)
        {
            Assert.Matches("^[0-9a-f]{64}$", m.Sha256);
            if (m.IsFusion)
            {
                // No file of its own: its parts' files, its numbers theirs laid end to end.
                Assert.True(string.IsNullOrEmpty(m.File) && m.Url is null && m.Size == 0, m.Id);
                Assert.Equal(ModelCatalogue.Embedded.PartsOf(m).Sum(p => p.EmbeddingSize), m.EmbeddingSize);
            }
            else
            {
                // Fetched from upstream, or (converted here, no upstream serves the bytes) its making written down.
                if (m.Url is null) Assert.False(string.IsNullOrWhiteSpace(m.Source), m.Id);
                else Assert.StartsWith("https://", m.Url);
                Assert.True(m.Size > 0);
            }
            Assert.False(string.IsNullOrEmpty(m.Licence));
            // Documents name the model as forces name theirs: what it is and which version.
            Assert.False(string.IsNullOrWhiteSpace(m.Name), m.Id);
            Assert.False(string.IsNullOrWhiteSpace(m.Version), m.Id);
            if (m.Role == ModelRole.Embedder) Assert.True(m.EmbeddingSize > 0 && m.Threshold is > 0 and < 1, m.Id);
        }
        Assert.Single(ModelCatalogue.Embedded.Models, m => m.Default && m.Role == ModelRole.Embedder);
        // A default is a model anyone may run: weights licensed for any use.
        Assert.All(ModelCatalogue.Embedded.Models.Where(m => m.Default), m => Assert.Equal(LicenceUse.Any, m.LicenceUse));
        Assert.Single(ModelCatalogue.Embedded.Models, m => m.Default && m.Role == ModelRole.Detector);
    }
}
