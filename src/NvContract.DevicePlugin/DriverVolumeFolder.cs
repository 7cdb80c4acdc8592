using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Volumes;

namespace NvContract.DevicePlugin;

/// <summary>The driver volume the Docker plugin serves (the same store, the same build), as a host folder.</summary>
public sealed class DriverVolumeFolder(DriverVolumes volumes, IGpuSource gpus) : IDriverVolume
{
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        var name = ContainerVolume.Driver.VolumeName(gpus.GetVersions().Driver);
        await volumes.CreateAsync(name, cancellationToken);
        return volumes.GetMountpoint(name);
    }
}
