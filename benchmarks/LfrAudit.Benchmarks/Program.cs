using BenchmarkDotNet.Running;

// Results go to BenchmarkDotNet.Artifacts/results (Markdown, CSV, JSON) under the working folder.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
