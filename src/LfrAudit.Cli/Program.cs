using LfrAudit.Vision.Native;

// Native libraries' own warnings are moved off stderr (into the debug log) before anything loads them.
var stderr = NativeStderr.Capture();
return await LfrApp.RunAsync(args, Console.Out, stderr);
