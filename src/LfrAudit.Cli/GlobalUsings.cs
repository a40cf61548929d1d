// What every command file works with: the parser, the hosting helpers, the use cases and the clock.
global using System.CommandLine;
global using System.Globalization;
global using LfrAudit.Application;
global using LfrAudit.Cli.Hosting;
global using LfrAudit.Core.Time;
global using Spectre.Console;
