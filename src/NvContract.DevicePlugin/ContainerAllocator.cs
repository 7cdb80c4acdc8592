using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;
using NvContract.DevicePlugin.V1Beta1;

namespace NvContract.DevicePlugin;

/// <summary>
/// What one container gets for its GPUs, in the form the settings choose: CDI device names, or
/// (for clusters without CDI) device nodes, the driver volume and the environment.
/// </summary>
/// <remarks>A MIG device is named by its MIG UUID; in the legacy form it brings its GPU's node and its access nodes (<see cref="MigDeviceNodes"/>).</remarks>
public sealed class ContainerAllocator(DevicePluginSettings settings, IReadOnlyList<GpuDevice> devices, DeviceNodes nodes, IDriverVolume? driverVolume)
{
    /// <summary>Where the driver volume appears in the container, as with nvidia-docker.</summary>
    public static readonly string DriverMountPath = ContainerVolume.Driver.Mountpoint;

    /// <summary>Where CUDA finds the driver's libraries inside <see cref="DriverMountPath"/>.</summary>
    public static readonly string LibraryPath = $"{DriverMountPath}/lib64:{DriverMountPath}/lib";

    /// <param name="gpus">The GPUs' NVML indices, already checked.</param>
    public Task<ContainerAllocateResponse> AllocateAsync(IReadOnlyList<int> gpus, CancellationToken cancellationToken) =>
        AllocateAsync(gpus.Select(i => new AdvertisedDevice(i, devices[i].Uuid, true, "", devices[i].CpuAffinity)).ToArray(), cancellationToken);

    /// <param name="selected">The devices, already checked: whole GPUs or MIG devices.</param>
    public async Task<ContainerAllocateResponse> AllocateAsync(IReadOnlyList<AdvertisedDevice> selected, CancellationToken cancellationToken)
    {
        var response = new ContainerAllocateResponse();
        if (settings.Allocation == AllocationForm.Cdi)
        {
            response.CdiDevices.AddRange(selected.Select(d => new CDIDevice { Name = $"{settings.CdiKind}={d.Uuid}" }));
            return response;
        }

        var migs = selected.Where(d => d.Mig is not null).Select(d => d.Mig!).ToList();
        var migPaths = migs.Count == 0 ? [] : new MigDeviceNodes(settings.ProcRoot).Paths(migs).SelectMany(p => p);
        var gpuPaths = selected.Where(d => d.Mig is null).Select(d => devices[d.Index].Path);
        foreach (var path in gpuPaths.Concat(migPaths).Distinct(StringComparer.Ordinal).Concat(nodes.ControlDevicePaths()))
        {
            response.Devices.Add(new DeviceSpec { ContainerPath = path, HostPath = nodes.HostPath(path), Permissions = "rw" });
        }

        var volume = driverVolume ?? throw new InvalidOperationException("the legacy allocation form needs the driver volume");
        response.Mounts.Add(new Mount { ContainerPath = DriverMountPath, HostPath = await volume.EnsureAsync(cancellationToken), ReadOnly = true });
        response.Envs["NVIDIA_VISIBLE_DEVICES"] = string.Join(',', selected.Select(d => d.Uuid));
        response.Envs["LD_LIBRARY_PATH"] = LibraryPath;
        return response;
    }
}
