namespace LfrAudit.Cli.Tests;

/// <summary>
/// Tests that measure time (an alert within 2 s, a session's idle limit) run alone, after the rest: on two cores a
/// neighbouring test's model inference would otherwise be measured with them. Those on the demo's store share one, made
/// for this collection (a class belongs to one collection only, so not the one <see cref="SeededCollection"/> shares).
/// </summary>
[CollectionDefinition("timing", DisableParallelization = true)]
public sealed class TimingCollection : ICollectionFixture<SeededStore>;
