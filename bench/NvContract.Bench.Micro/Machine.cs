using NvContract.Core.Gpu;
using NvContract.Core.Simulation;

namespace NvContract.Bench.Micro;

/// <summary>The first <c>gpus</c> GPUs of the built-in 8-GPU H100 profile, with their status and versions.</summary>
internal sealed class Machine
{
    public Machine(int gpus)
    {
        using var source = new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100"));
        Devices = source.Devices.Take(gpus).ToArray();
        Statuses = Enumerable.Range(0, gpus).Select(source.GetStatus).ToArray();
        Versions = source.GetVersions();
    }

    public IReadOnlyList<GpuDevice> Devices { get; }

    public IReadOnlyList<GpuStatus> Statuses { get; }

    public DriverVersions Versions { get; }
}
