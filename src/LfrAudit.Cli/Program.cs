using LfrAudit.Cli.Hosting;

return await LfrApp.RunAsync(args, Console.Out, Console.Error);
