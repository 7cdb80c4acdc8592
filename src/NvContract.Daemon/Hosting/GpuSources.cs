using NvContract.Core.Gpu;
using NvContract.Core.Simulation;
using NvContract.Daemon.Cli;

namespace NvContract.Daemon.Hosting;

/// <summary>Opens the GPU source the options ask for: a simulation profile, or the driver through NVML.</summary>
public static class GpuSources
{
    public static IGpuSource Open(DaemonOptions options, ILogger logger)
    {
        if (options.SimulationProfile is { } profile)
        {
            logger.LogInformation("Loading simulated GPUs from {Profile}", profile);
            return new SimulatedGpuSource(SimulationProfiles.Load(profile));
        }

        logger.LogInformation("Loading NVIDIA management library");
        throw new StartupException(
            $"could not load NVML library {options.NvmlLibrary ?? "libnvidia-ml.so.1"}: this build has no NVML support; run with --simulate to serve simulated GPUs");
    }
}
