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
    public const string Stdout = CdiOneShot.Stdout;

    public static int Run(DaemonOptions options, string target, ILoggerFactory loggerFactory, Stream stdout)
    {
        var logger = loggerFactory.CreateLogger(ProgramName.Default);
        try
        {
            using var gpus = GpuSources.Open(options, logger);
            var generator = CdiSetup.Generator(options, gpus, new DeviceNodes(options.DevRoot), loggerFactory);
            var (spec, path) = CdiOneShot.Write(generator, target, stdout, warning => logger.LogWarning("{Warning}", warning));
            if (path is null)
            {
                return 0;
            }

            logger.LogInformation("Wrote CDI spec {Path} (cdiVersion {Version})", path, spec.CdiVersion);
            return 0;
        }
        catch (Exception e) when (e is StartupException or CdiOneShotException or CdiVersionException or InvalidProfileException or InvalidLdCacheException or LdCacheNotFoundException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("Error: {Message}", e.Message);
            return 1;
        }
    }
}
