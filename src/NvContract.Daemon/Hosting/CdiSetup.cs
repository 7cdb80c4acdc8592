using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;
using NvContract.Daemon.Cli;
using NvContract.Nvml;

namespace NvContract.Daemon.Hosting;

/// <summary>The CDI spec generator the options describe, shared by the daemon, its REST API and <c>--cdi-generate</c>.</summary>
public static class CdiSetup
{
    public static CdiGenerator Generator(DaemonOptions options, IGpuSource gpus, DeviceNodes deviceNodes, ILoggerFactory loggerFactory) =>
        new(
            options.CdiKind,
            options.CdiVersion,
            gpus,
            new DriverDiscovery(options.DriverRoot, Environment.GetEnvironmentVariable("PATH"), loggerFactory.CreateLogger<DriverDiscovery>()),
            deviceNodes,
            new MigDeviceNodes(options.ProcRoot),
            HookCommand.OfThisExecutable());

    /// <summary>
    /// Fails the start when the spec needs a newer cdiVersion than <c>--cdi-version</c>: that is a
    /// setting to fix, not a state of the host to wait out. Other failures (no driver files yet, an
    /// NVML call on the MIG layout failing as a GPU falls off the bus) are left to the refresh,
    /// which logs them and keeps trying: the layout is read again every second, so the start waits
    /// it out as the device plugin does.
    /// </summary>
    /// <exception cref="StartupException">The pinned version is too low.</exception>
    public static void CheckVersion(CdiGenerator generator)
    {
        try
        {
            generator.Generate();
        }
        catch (CdiVersionException e)
        {
            throw new StartupException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidLdCacheException or LdCacheNotFoundException or NvmlException)
        {
            // Reported by the refresh.
        }
    }
}
