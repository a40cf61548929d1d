// Every test here is fast and needs no server, model or dataset: `dotnet test --filter Category=Unit` runs them (README).
[assembly: Xunit.AssemblyTrait("Category", "Unit")]
