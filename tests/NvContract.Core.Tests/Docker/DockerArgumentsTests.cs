using NvContract.Core.Docker;
using NvContract.Core.Gpu;

namespace NvContract.Core.Tests.Docker;

public sealed class DockerArgumentsTests : IDisposable
{
    private readonly string _devRoot = Directory.CreateTempSubdirectory("nvc-dev-").FullName;

    public void Dispose() => Directory.Delete(_devRoot, recursive: true);

    [Fact]
    public void ToCommandLine_DefaultRoot_IsV1LineWithoutNewline()
    {
        var args = DockerArguments.Build([Device(0), Device(1)], ContainerVolume.All, "375.20", new DeviceNodes("/nonexistent-root-for-test/.."));
        Assert.Equal(
            "--volume-driver=nvidia-docker --volume=nvidia_driver_375.20:/usr/local/nvidia:ro --device=/dev/nvidiactl --device=/dev/nvidia-uvm"
            + (File.Exists("/dev/nvidia-uvm-tools") ? " --device=/dev/nvidia-uvm-tools" : "")
            + " --device=/dev/nvidia0 --device=/dev/nvidia1",
            args.ToCommandLine());
    }

    [Fact]
    public void Build_UvmToolsPresentUnderDevRoot_ListedAsHostContainerPairs()
    {
        Directory.CreateDirectory(Path.Join(_devRoot, "dev"));
        File.WriteAllText(Path.Join(_devRoot, "dev", "nvidia-uvm-tools"), "");
        var args = DockerArguments.Build([Device(3)], ContainerVolume.All, "550.54.15", new DeviceNodes(_devRoot));
        Assert.Equal(
            [
                $"{_devRoot}/dev/nvidiactl:/dev/nvidiactl",
                $"{_devRoot}/dev/nvidia-uvm:/dev/nvidia-uvm",
                $"{_devRoot}/dev/nvidia-uvm-tools:/dev/nvidia-uvm-tools",
                $"{_devRoot}/dev/nvidia3:/dev/nvidia3",
            ],
            args.Devices);
    }

    [Fact]
    public void Build_UvmToolsAbsent_ControlDevicesStillListed()
    {
        var args = DockerArguments.Build([], ContainerVolume.All, "550.54.15", new DeviceNodes(_devRoot));
        Assert.Equal([$"{_devRoot}/dev/nvidiactl:/dev/nvidiactl", $"{_devRoot}/dev/nvidia-uvm:/dev/nvidia-uvm"], args.Devices);
        Assert.Equal(["nvidia_driver_550.54.15:/usr/local/nvidia:ro"], args.Volumes);
    }

    private static GpuDevice Device(uint minor) => new() { Uuid = $"GPU-{minor}", Minor = minor, Pci = new GpuPci("0000:00:00.0", null, null) };
}
