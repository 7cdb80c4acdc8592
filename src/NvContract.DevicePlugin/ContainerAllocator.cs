using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.DevicePlugin.V1Beta1;

namespace NvContract.DevicePlugin;

/// <summary>
/// What one container gets for its GPUs, in the form the settings choose: CDI device names, or
/// (for clusters without CDI) device nodes, the driver volume and the environment.
/// </summary>
public sealed class ContainerAllocator(DevicePluginSettings settings, IReadOnlyList<GpuDevice> devices, DeviceNodes nodes, IDriverVolume? driverVolume)
{
    /// <summary>Where the driver volume appears in the container, as with nvidia-docker.</summary>
    public static readonly string DriverMountPath = ContainerVolume.Driver.Mountpoint;

    /// <summary>Where CUDA finds the driver's libraries inside <see cref="DriverMountPath"/>.</summary>
    public static readonly string LibraryPath = $"{DriverMountPath}/lib64:{DriverMountPath}/lib";

    /// <param name="gpus">The GPUs' NVML indices, already checked.</param>
    public async Task<ContainerAllocateResponse> AllocateAsync(IReadOnlyList<int> gpus, CancellationToken cancellationToken)
    {
        var response = new ContainerAllocateResponse();
        if (settings.Allocation == AllocationForm.Cdi)
        {
            response.CdiDevices.AddRange(gpus.Select(i => new CDIDevice { Name = $"{settings.CdiKind}={devices[i].Uuid}" }));
            return response;
        }

        foreach (var path in gpus.Select(i => devices[i].Path).Concat(nodes.ControlDevicePaths()))
        {
            response.Devices.Add(new DeviceSpec { ContainerPath = path, HostPath = nodes.HostPath(path), Permissions = "rw" });
        }

        var volume = driverVolume ?? throw new InvalidOperationException("the legacy allocation form needs the driver volume");
        response.Mounts.Add(new Mount { ContainerPath = DriverMountPath, HostPath = await volume.EnsureAsync(cancellationToken), ReadOnly = true });
        response.Envs["NVIDIA_VISIBLE_DEVICES"] = string.Join(',', gpus.Select(i => devices[i].Uuid));
        response.Envs["LD_LIBRARY_PATH"] = LibraryPath;
        return response;
    }
}
