namespace NvContract.DevicePlugin;

/// <summary>One GPU as the kubelet is told of it.</summary>
/// <param name="Reason">Why the GPU is unhealthy; empty when healthy.</param>
/// <param name="NumaNode">The NUMA node the GPU hangs off.</param>
public sealed record AdvertisedDevice(int Index, string Uuid, bool Healthy, string Reason, int NumaNode);

/// <summary>Every GPU as advertised at one moment; <paramref name="Version"/> grows with every change.</summary>
public sealed record AdvertisedDevices(long Version, IReadOnlyList<AdvertisedDevice> Devices)
{
    /// <summary>The device with this ID (its UUID); null when there is none.</summary>
    public AdvertisedDevice? Find(string id) => Devices.FirstOrDefault(d => string.Equals(d.Uuid, id, StringComparison.Ordinal));
}
