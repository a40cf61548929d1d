// What every command file works with: the parser, its options, output and composition, the use cases and the clock.
global using System.CommandLine;
global using System.Globalization;
global using LfrAudit.Application;
global using LfrAudit.Cli.Composition;
global using LfrAudit.Cli.Options;
global using LfrAudit.Cli.Output;
global using LfrAudit.Core.Time;
global using LfrAudit.Vision;
global using Spectre.Console;
