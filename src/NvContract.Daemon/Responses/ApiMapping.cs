using NvContract.Api.Generated;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Daemon.Responses;

/// <summary>Maps the GPU model onto the contract's DTOs; v1's nulls (no peers, no processes) are decided here.</summary>
public static class ApiMapping
{
    public static GpuInfo ToGpuInfo(DriverVersions versions, IReadOnlyList<GpuDevice> devices) => new()
    {
        Version = new Versions { Driver = versions.Driver, CUDA = versions.Cuda },
        Devices = devices.Select(ToDevice).ToList(),
    };

    public static Device ToDevice(GpuDevice d) => new()
    {
        UUID = d.Uuid,
        Path = d.Path,
        Model = d.Model,
        Power = d.PowerLimitWatts,
        CPUAffinity = d.CpuAffinity,
        PCI = new DevicePci { BusID = d.Pci.BusId, BAR1 = d.Pci.Bar1MiB, Bandwidth = d.Pci.BandwidthMBs },
        Clocks = ToClocks(d.MaxClocks),
        Topology = d.Peers.Count == 0 ? null : d.Peers.Select(p => new P2PLink { BusID = p.BusId, Link = (int)p.Link }).ToList(),
        Family = d.Family,
        Arch = d.Arch?.ToString(),
        Cores = d.Cores,
        Memory = new DeviceMemory
        {
            ECC = d.Memory.Ecc,
            Global = d.Memory.GlobalMiB,
            Shared = d.Memory.SharedKiB,
            Constant = d.Memory.ConstantKiB,
            L2Cache = d.Memory.L2CacheKiB,
            Bandwidth = d.Memory.BandwidthMBs,
        },
    };

    public static Api.Generated.GpuStatus ToGpuStatus(IReadOnlyList<Core.Gpu.GpuStatus> statuses) => new()
    {
        Devices = statuses.Select(ToDeviceStatus).ToList(),
    };

    public static DeviceStatus ToDeviceStatus(Core.Gpu.GpuStatus s) => new()
    {
        Power = s.PowerWatts,
        Temperature = s.TemperatureC,
        Utilization = new Utilization { GPU = s.Utilization.Gpu, Memory = s.Utilization.Memory, Encoder = s.Utilization.Encoder, Decoder = s.Utilization.Decoder },
        Memory = new MemoryStatus
        {
            GlobalUsed = s.MemoryUsedMiB,
            ECCErrors = new EccErrors { L1Cache = s.EccErrors.L1Cache, L2Cache = s.EccErrors.L2Cache, Global = s.EccErrors.Global },
        },
        Clocks = ToClocks(s.Clocks),
        PCI = new PciStatus { BAR1Used = s.Bar1UsedMiB, Throughput = new Throughput { RX = s.Throughput.RxMBs, TX = s.Throughput.TxMBs } },
        Processes = s.Processes.Count == 0 ? null : s.Processes.Select(p => new ProcessInfo { PID = p.Pid, Name = p.Name, MemoryUsed = p.MemoryUsedMiB }).ToList(),
    };

    /// <summary>v1.1's information: each v1 device with its MIG mode and MIG devices.</summary>
    public static GpuInfoV11 ToGpuInfoV11(DriverVersions versions, IReadOnlyList<GpuDevice> devices, IReadOnlyList<bool?> migEnabled, IReadOnlyList<MigDevice> migs) => new()
    {
        Version = new Versions { Driver = versions.Driver, CUDA = versions.Cuda },
        Devices = devices.Select((d, i) => new DeviceV11
        {
            Device = ToDevice(d),
            MIG = new MigInfo
            {
                Enabled = migEnabled[i],
                Devices = migs.Where(m => m.ParentIndex == i).Select(ToMigDeviceInfo).ToList(),
            },
        }).ToList(),
    };

    public static MigDeviceInfo ToMigDeviceInfo(MigDevice m) => new()
    {
        Name = m.Name,
        UUID = m.Uuid,
        GpuInstance = m.GpuInstanceId,
        ComputeInstance = m.ComputeInstanceId,
        Profile = m.Profile,
        Memory = m.MemoryMiB,
    };

    /// <summary>v1.1's status: each v1 status with its GPU's MIG devices; their utilisation is always null (N/A).</summary>
    public static GpuStatusV11 ToGpuStatusV11(IReadOnlyList<Core.Gpu.GpuStatus> statuses, IReadOnlyList<(MigDevice Device, MigStatus Status)> migs) => new()
    {
        Devices = statuses.Select((s, i) => new DeviceStatusV11
        {
            Status = ToDeviceStatus(s),
            MIG = migs.Where(m => m.Device.ParentIndex == i).Select(m => ToMigDeviceStatus(m.Device, m.Status)).ToList(),
        }).ToList(),
    };

    public static MigDeviceStatus ToMigDeviceStatus(MigDevice m, MigStatus s) => new()
    {
        Name = m.Name,
        UUID = m.Uuid,
        GpuInstance = m.GpuInstanceId,
        ComputeInstance = m.ComputeInstanceId,
        Profile = m.Profile,
        Memory = new MigMemoryStatus { Used = s.MemoryUsedMiB, Total = s.MemoryTotalMiB ?? m.MemoryMiB },
        Utilization = new Utilization(),
        Processes = s.Processes.Count == 0 ? null : s.Processes.Select(p => new ProcessInfo { PID = p.Pid, Name = p.Name, MemoryUsed = p.MemoryUsedMiB }).ToList(),
    };

    public static DockerCli ToDockerCli(DockerArguments a) => new()
    {
        VolumeDriver = a.VolumeDriver,
        Volumes = a.Volumes.ToList(),
        Devices = a.Devices.ToList(),
    };

    private static Api.Generated.Clocks ToClocks(GpuClocks c) => new() { Cores = c.CoresMHz, Memory = c.MemoryMHz };
}
