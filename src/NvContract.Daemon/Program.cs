using System.Reflection;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Hosting;
using NvContract.Daemon.Logging;

var version = typeof(DaemonHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
var parsed = CommandLine.Parse(args, ProgramName.Current, version);
if (parsed.Options is null)
{
    Console.Out.Write(parsed.Stdout);
    Console.Error.Write(parsed.Stderr);
    return parsed.ExitCode;
}

using var loggerFactory = LoggerFactory.Create(logging => logging.AddV1Console());
return await DaemonHost.RunAsync(parsed.Options, loggerFactory);
