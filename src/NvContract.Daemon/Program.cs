using System.Reflection;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Hosting;
using NvContract.Daemon.Logging;

// A container runtime running a hook of the CDI spec: no flags, no logging, the state on stdin.
if (HookCommand.IsHook(args))
{
    return HookCommand.Run(args, Console.In, Console.Error);
}

InheritedSignals.StopIgnoringInterrupt();

var version = typeof(DaemonHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
var parsed = CommandLine.Parse(args, ProgramName.Current, version);
if (parsed.Options is null)
{
    Console.Out.Write(parsed.Stdout);
    Console.Error.Write(parsed.Stderr);
    return parsed.ExitCode;
}

if (parsed.Options.CdiGenerate is { } target)
{
    using var direct = DirectLoggerFactory.ForStderr();
    return CdiGenerateCommand.Run(parsed.Options, target, direct, Console.OpenStandardOutput());
}

DaemonExit exit;
using (var loggerFactory = LoggerFactory.Create(logging => logging.AddV1Console()))
{
    exit = await DaemonHost.RunAsync(parsed.Options, loggerFactory);
}

if (!exit.StartAgain)
{
    return exit.Code;
}

// The logger is flushed and NVML shut down; sockets close on exec.
Console.Error.WriteLine($"{ProgramName.Current} | {DateTime.Now:yyyy'/'MM'/'dd HH':'mm':'ss} Error: could not restart: {SelfExec.Exec()}");
return 1;
