using NvContract.Core.Gpu;
using NvContract.Core.Health;
using NvContract.Core.Mig;

namespace NvContract.Core.Simulation;

/// <summary>GPUs described by a <see cref="SimulationProfile"/>: the daemon runs on a machine without a driver.</summary>
/// <remarks>
/// A profile read from a file is watched like a real driver: when the file changes, its driver and
/// CUDA versions are read again (a simulated driver upgrade); devices stay as discovered at start-up,
/// as they do on NVML. A file that does not parse while being edited keeps the last good versions.
/// </remarks>
public sealed class SimulatedGpuSource : IGpuSource
{
    private readonly SimulationProfile _profile;
    private readonly string? _profileFile;
    private VersionsFromFile _versions;

    public SimulatedGpuSource(SimulationProfile profile, string? profileFile = null)
    {
        _profile = profile;
        _profileFile = profileFile;
        _versions = new VersionsFromFile(Stamp(profileFile), new DriverVersions(profile.DriverVersion, profile.CudaVersion));
        Devices = profile.Gpus.Select((gpu, i) => ToDevice(profile, gpu, i)).ToList();
        MigDevices = profile.Gpus.SelectMany((gpu, i) => gpu.Mig.Select((mig, k) => ToMigDevice(Devices[i], i, k, mig))).ToList();
    }

    public IReadOnlyList<GpuDevice> Devices { get; }

    /// <summary>The profile's MIG devices; a simulated layout does not change.</summary>
    public IReadOnlyList<MigDevice> MigDevices { get; }

    public bool? IsMigEnabled(int index) => _profile.Gpus[index].MigEnabled;

    public MigStatus GetMigStatus(MigDevice mig) =>
        mig.ParentIndex >= 0 && mig.ParentIndex < _profile.Gpus.Count
            ? _profile.Gpus[mig.ParentIndex].Mig.FirstOrDefault(m => m.Uuid == mig.Uuid)?.Status ?? MigStatus.Unknown
            : MigStatus.Unknown;

    private static MigDevice ToMigDevice(GpuDevice parent, int parentIndex, int index, SimulatedMigDevice mig) => new()
    {
        ParentIndex = parentIndex,
        ParentMinor = parent.Minor,
        ParentUuid = parent.Uuid,
        Index = index,
        GpuInstanceId = mig.GpuInstance,
        ComputeInstanceId = mig.ComputeInstance,
        Profile = mig.Profile,
        MemoryMiB = mig.MemoryMiB,
        Uuid = mig.Uuid,
    };

    /// <summary>Opens a built-in profile by name, or a profile file that is then watched for upgrades.</summary>
    public static SimulatedGpuSource Open(string nameOrPath) =>
        new(SimulationProfiles.Load(nameOrPath), SimulationProfiles.BuiltIn.Contains(nameOrPath) ? null : nameOrPath);

    public DriverVersions GetVersions()
    {
        var current = Volatile.Read(ref _versions);
        var stamp = Stamp(_profileFile);
        if (_profileFile is null || stamp == current.Stamp)
        {
            return current.Versions;
        }

        // The stamp taken before reading: a change made while parsing is seen on the next request.
        // A file that does not parse keeps the last good versions under its own stamp, so it is not
        // parsed again on every request, only once it changes again.
        var versions = current.Versions;
        try
        {
            var profile = SimulationProfiles.Load(_profileFile);
            versions = new DriverVersions(profile.DriverVersion, profile.CudaVersion);
        }
        catch (Exception e) when (e is InvalidProfileException or IOException)
        {
            // Half-written or unreadable: the driver "upgrade" is not complete yet.
        }

        Volatile.Write(ref _versions, new VersionsFromFile(stamp, versions));
        return versions;
    }

    private static (DateTime, long) Stamp(string? file)
    {
        if (file is null)
        {
            return default;
        }

        var info = new FileInfo(file);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }

    private sealed record VersionsFromFile((DateTime, long) Stamp, DriverVersions Versions);

    public GpuStatus GetStatus(int index) => _profile.Gpus[index].Status;

    public GpuTelemetry GetTelemetry(int index) => _profile.Gpus[index].Telemetry;

    /// <summary>
    /// Every GPU is watched and reads recovery action NONE; the profile's health events are then
    /// played on <paramref name="time"/>'s clock (the system's by default) until the watch is disposed.
    /// </summary>
    public IDisposable WatchHealth(GpuHealthMonitor monitor) => WatchHealth(monitor, TimeProvider.System);

    public IDisposable WatchHealth(GpuHealthMonitor monitor, TimeProvider time)
    {
        for (var i = 0; i < Devices.Count; i++)
        {
            monitor.Watching(i);
            monitor.RecoveryActionRead(i, RecoveryAction.None);
        }

        return new ScriptedHealthEvents(_profile.HealthEvents, monitor, time);
    }

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
            NvLinks = NvLinksOf(profile, index),
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

    /// <summary>
    /// The peers of GPU <paramref name="index"/> in index order, as v1 listed them: the pairs that can
    /// reach each other peer-to-peer.
    /// </summary>
    private static List<GpuPeerLink> PeersOf(SimulationProfile profile, int index) =>
        profile.Peers
            .Where(p => p.Gpus.Contains(index) && p.P2P == P2PStatus.Ok)
            .Select(p => (Other: p.Gpus[0] == index ? p.Gpus[1] : p.Gpus[0], p.Link))
            .OrderBy(p => p.Other)
            .Select(p => new GpuPeerLink(profile.Gpus[p.Other].BusId, p.Link))
            .ToList();

    /// <summary>The GPUs <paramref name="index"/> has NVLinks to, in index order.</summary>
    private static List<GpuNvLinkPeer> NvLinksOf(SimulationProfile profile, int index) =>
        profile.Peers
            .Where(p => p.Gpus.Contains(index) && p.NvLinks > 0)
            .Select(p => (Other: p.Gpus[0] == index ? p.Gpus[1] : p.Gpus[0], p.NvLinks))
            .OrderBy(p => p.Other)
            .Select(p => new GpuNvLinkPeer(profile.Gpus[p.Other].BusId, p.NvLinks))
            .ToList();
}
