using NvContract.Core.Gpu;
using NvContract.Core.Simulation;
using NvContract.Daemon.Cli;
using NvContract.Nvml;
using NvContract.Nvml.Adapter;

namespace NvContract.Daemon.Hosting;

/// <summary>Opens the GPU source the options ask for: a simulation profile, or the driver through NVML.</summary>
public static class GpuSources
{
    public static IGpuSource Open(DaemonOptions options, ILogger logger)
    {
        if (options.SimulationProfile is { } profile)
        {
            logger.LogInformation("Loading simulated GPUs from {Profile}", profile);
            return SimulatedGpuSource.Open(profile);
        }

        UnifiedMemory.Load(options.DevRoot, logger);
        logger.LogInformation("Loading NVIDIA management library");
        try
        {
            return NvmlGpuSource.Open(options.NvmlLibrary, options.SysRoot);
        }
        catch (Exception e) when (e is NvmlLibraryNotFoundException or NvmlException or InvalidDataException)
        {
            // The messages are v1's (nvml: <error string>, unsupported GPU device) or name the fix.
            throw new StartupException(e.Message, e);
        }
    }
}
