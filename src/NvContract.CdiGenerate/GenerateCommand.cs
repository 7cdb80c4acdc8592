using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;
using NvContract.Daemon.Hosting;
using NvContract.Nvml;
using NvContract.Nvml.Adapter;

namespace NvContract.CdiGenerate;

/// <summary>
/// Writes the spec once, from the same generator, discovery and device checks as the daemon's
/// (<see cref="CdiOneShot"/>), so it equals <c>nvidia-docker-plugin --cdi-generate</c>'s output
/// byte for byte. Exit codes: 0, 1 on any error (one <c>Error:</c> line; no file written).
/// </summary>
internal static class GenerateCommand
{
    public const string ProgramName = "nvidia-docker-cdi-generate";

    public const string Stdout = CdiOneShot.Stdout;

    public static int Run(GenerateOptions options, Stream stdout, StderrLog log)
    {
        try
        {
            var (hook, expected) = DaemonHook.Find();
            if (hook is null)
            {
                throw new CdiOneShotException($"no {expected}: the spec's hook (which makes the driver's libraries loadable in containers) runs it; install {ProgramName} next to it");
            }

            using var gpus = OpenGpus(options, log);
            var generator = new CdiGenerator(
                options.CdiKind,
                options.CdiVersion,
                gpus,
                new DriverDiscovery(options.DriverRoot, Environment.GetEnvironmentVariable("PATH"), NullLogger<DriverDiscovery>.Instance),
                new DeviceNodes(options.DevRoot),
                new MigDeviceNodes(options.ProcRoot),
                hook);
            var (spec, path) = CdiOneShot.Write(generator, options.Target, stdout, log.Warning);
            if (path is not null)
            {
                log.Info($"Wrote CDI spec {path} (cdiVersion {spec.CdiVersion})");
            }

            return 0;
        }
        catch (Exception e) when (e is CdiOneShotException or CdiVersionException or InvalidProfileException or InvalidLdCacheException or LdCacheNotFoundException
            or NvmlLibraryNotFoundException or NvmlException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            log.Error(e.Message);
            return 1;
        }
    }

    /// <summary>
    /// The GPUs as the daemon reads them: a simulation profile, or NVML once the UVM node is made
    /// sure of; from NVML only what the spec names (UUIDs, minor numbers, MIG devices).
    /// </summary>
    private static IGpuSource OpenGpus(GenerateOptions options, StderrLog log)
    {
        if (options.SimulationProfile is { } profile)
        {
            return SimulatedGpuSource.Open(profile);
        }

        UnifiedMemory.Load(options.DevRoot, log);
        return NvmlGpuSource.OpenIdentities(options.NvmlLibrary);
    }
}
