using NvContract.Core.Gpu;

namespace NvContract.Core.Simulation;

/// <summary>GPUs described by a <see cref="SimulationProfile"/>: the daemon runs on a machine without a driver.</summary>
public sealed class SimulatedGpuSource : IGpuSource
{
    private readonly SimulationProfile _profile;

    public SimulatedGpuSource(SimulationProfile profile)
    {
        _profile = profile;
        Devices = profile.Gpus.Select((gpu, i) => ToDevice(profile, gpu, i)).ToList();
    }

    public IReadOnlyList<GpuDevice> Devices { get; }

    public DriverVersions GetVersions() => new(_profile.DriverVersion, _profile.CudaVersion);

    public GpuStatus GetStatus(int index) => _profile.Gpus[index].Status;

    public void Dispose()
    {
    }

    private static GpuDevice ToDevice(SimulationProfile profile, SimulatedGpu gpu, int index)
    {
        var model = profile.Models[gpu.Model];
        ComputeCapability? arch = model.ComputeCapability is { } cc ? ComputeCapability.Parse(cc) : null;
        return new GpuDevice
        {
            Uuid = gpu.Uuid,
            Minor = gpu.Minor,
            Model = model.Name,
            PowerLimitWatts = model.PowerLimitWatts,
            CpuAffinity = gpu.NumaNode,
            Pci = new GpuPci(gpu.BusId, model.Bar1MiB, PcieBandwidth.Of(model.PcieGeneration, model.PcieWidth)),
            MaxClocks = model.MaxClocks,
            Peers = PeersOf(profile, index),
            Arch = arch,
            Cores = arch?.Cores(model.Multiprocessors),
            Memory = new GpuMemory(
                model.Memory.Ecc,
                model.Memory.GlobalMiB,
                model.Memory.SharedKiB,
                model.Memory.ConstantKiB,
                model.Memory.L2CacheKiB,
                GpuMemory.Bandwidth(model.MaxClocks.MemoryMHz * 1000, model.Memory.BusWidthBits)),
        };
    }

    /// <summary>The peers of GPU <paramref name="index"/> in index order, as v1 listed them.</summary>
    private static List<GpuPeerLink> PeersOf(SimulationProfile profile, int index) =>
        profile.Peers
            .Where(p => p.Gpus.Contains(index))
            .Select(p => (Other: p.Gpus[0] == index ? p.Gpus[1] : p.Gpus[0], p.Link))
            .OrderBy(p => p.Other)
            .Select(p => new GpuPeerLink(profile.Gpus[p.Other].BusId, p.Link))
            .ToList();
}
