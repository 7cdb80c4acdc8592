using NvContract.Core.Mig;

namespace NvContract.DevicePlugin;

/// <summary>One GPU, or one MIG device, as the kubelet is told of it.</summary>
/// <param name="Index">The GPU's NVML index (a MIG device's parent).</param>
/// <param name="Uuid">The device ID: the GPU's UUID, or the MIG device's.</param>
/// <param name="Reason">Why the GPU is unhealthy; empty when healthy.</param>
/// <param name="NumaNode">The NUMA node the GPU hangs off.</param>
/// <param name="Mig">The MIG device; null for a whole GPU.</param>
public sealed record AdvertisedDevice(int Index, string Uuid, bool Healthy, string Reason, int NumaNode, MigDevice? Mig = null);

/// <summary>What one advertised device is: a whole GPU (by index) or one MIG device of it.</summary>
/// <param name="Unavailable">Why it cannot be handed to a container now (it is advertised Unhealthy); null when it can.</param>
public sealed record DeviceUnit(int GpuIndex, MigDevice? Mig = null, string? Unavailable = null);

/// <summary>Every GPU as advertised at one moment; <paramref name="Version"/> grows with every change.</summary>
public sealed record AdvertisedDevices(long Version, IReadOnlyList<AdvertisedDevice> Devices)
{
    /// <summary>The device with this ID (its UUID); null when there is none.</summary>
    public AdvertisedDevice? Find(string id) => Devices.FirstOrDefault(d => string.Equals(d.Uuid, id, StringComparison.Ordinal));
}
