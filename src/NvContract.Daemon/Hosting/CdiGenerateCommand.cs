using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Simulation;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Logging;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// <c>--cdi-generate FILE|-</c>: the spec the daemon would keep, written once (atomically, mode
/// 0644) or printed, for hosts that do not run the daemon. Unlike the daemon's, such a file is not
/// kept current: run it again after a driver upgrade. Exit codes: 0, 1 on any error.
/// </summary>
public static class CdiGenerateCommand
{
    public const string Stdout = "-";

    public static int Run(DaemonOptions options, string target, ILoggerFactory loggerFactory, Stream stdout)
    {
        var logger = loggerFactory.CreateLogger(ProgramName.Default);
        try
        {
            using var gpus = GpuSources.Open(options, logger);
            var generation = CdiSetup.Generator(options, gpus, new DeviceNodes(options.DevRoot), loggerFactory).Generate();
            foreach (var warning in generation.Warnings)
            {
                logger.LogWarning("{Warning}", warning);
            }

            if (generation.Spec is not { } spec)
            {
                throw new StartupException(generation.Warnings.Count == 0 ? "no GPU to name in a CDI spec" : "no GPU device node to name in a CDI spec");
            }

            var json = spec.ToJson();
            if (target == Stdout)
            {
                stdout.Write(json);
                stdout.Flush();
                return 0;
            }

            var file = new CdiSpecFile(target);
            var folder = Path.GetDirectoryName(file.Path)!;
            if (CdiCollisions.Find(folder, options.CdiKind, Path.GetFileName(file.Path)) is { } other)
            {
                throw new StartupException(
                    $"not writing {file.Path}: {other} already defines {options.CdiKind} devices, and runtimes drop a device that two specs in one folder define; remove {other}, or choose another kind with --cdi-kind");
            }

            file.Write(json);
            logger.LogInformation("Wrote CDI spec {Path} (cdiVersion {Version})", file.Path, spec.CdiVersion);
            return 0;
        }
        catch (Exception e) when (e is StartupException or CdiVersionException or InvalidProfileException or InvalidLdCacheException or LdCacheNotFoundException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("Error: {Message}", e.Message);
            return 1;
        }
    }
}
