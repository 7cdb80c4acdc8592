namespace NvContract.DevicePlugin;

/// <summary>What the device plugin needs to know of GPU health: whether each GPU may be offered.</summary>
public interface IDeviceHealth
{
    /// <summary>A number that changes whenever any GPU's health changes; cheap to read.</summary>
    long Version { get; }

    /// <summary>Each GPU's health in NVML index order: whether it may be offered, and why not.</summary>
    IReadOnlyList<(bool Healthy, string Reason)> Read();
}
