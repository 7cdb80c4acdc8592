using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Discovery;
using NvContract.Core.Volumes;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Hosting;
using NvContract.DevicePlugin.V1Beta1;
using NvContract.Testing;

namespace NvContract.DevicePlugin.Tests;

/// <summary>GetPreferredAllocation and Allocate through the C# kubelet stand-in.</summary>
public sealed class AllocationTests
{
    private static PreferredAllocationRequest Preferred(int size, int[] available, int[] required)
    {
        var container = new ContainerPreferredAllocationRequest { AllocationSize = size };
        container.AvailableDeviceIDs.AddRange(available.Select(PluginUnderTest.Uuid));
        container.MustIncludeDeviceIDs.AddRange(required.Select(PluginUnderTest.Uuid));
        var request = new PreferredAllocationRequest();
        request.ContainerRequests.Add(container);
        return request;
    }

    private static AllocateRequest Allocate(params string[][] containers)
    {
        var request = new AllocateRequest();
        foreach (var ids in containers)
        {
            var container = new ContainerAllocateRequest();
            container.DevicesIds.AddRange(ids);
            request.ContainerRequests.Add(container);
        }

        return request;
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, new int[0], new[] { 2, 3 }, "the board pair, not the lowest indices")]
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 0 }, new[] { 0, 1 }, "a required GPU takes its best partner")]
    public async Task GetPreferredAllocation_FakeTopology_ChoosesTheBestLinkedSet(int[] available, int[] required, int[] expected, string description)
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;

        var response = await client.GetPreferredAllocationAsync(Preferred(2, available, required));

        Assert.True(expected.Select(PluginUnderTest.Uuid).SequenceEqual(response.ContainerResponses.Single().DeviceIDs), description);
    }

    [Fact]
    public async Task GetPreferredAllocation_MoreThanAvailable_IsInvalidArgument()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetPreferredAllocationAsync(Preferred(3, [0, 1], [])).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("cannot choose 3 GPUs from 2 available with 0 required", error.Status.Detail);
    }

    [Fact]
    public async Task Allocate_Cdi_NamesDevicesOfTheDaemonsCdiKind()
    {
        var options = CommandLine.Parse(["--cdi-kind", "example.com/accel", "--device-plugin-dir", "/unused"], "nvidia-docker-plugin", "2.0.0").Options!;
        await using var plugin = await PluginUnderTest.StartAsync(s => KubernetesDevicePlugin.Settings(options with { DevicePluginDir = s.Directory }, profile: null));
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;

        var response = await client.AllocateAsync(Allocate([PluginUnderTest.Uuid(1)]));

        Assert.Equal([$"example.com/accel={PluginUnderTest.Uuid(1)}"], response.ContainerResponses.Single().CdiDevices.Select(d => d.Name));
    }

    [Fact]
    public async Task Allocate_Cdi_NamesEachGpusCdiDevicePerContainer()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;

        var response = await client.AllocateAsync(Allocate([PluginUnderTest.Uuid(2), PluginUnderTest.Uuid(3)], [PluginUnderTest.Uuid(0)]));

        Assert.Equal(
            [$"nvidia.com/gpu={PluginUnderTest.Uuid(2)}", $"nvidia.com/gpu={PluginUnderTest.Uuid(3)}"],
            response.ContainerResponses[0].CdiDevices.Select(d => d.Name));
        Assert.Equal([$"nvidia.com/gpu={PluginUnderTest.Uuid(0)}"], response.ContainerResponses[1].CdiDevices.Select(d => d.Name));
        Assert.Empty(response.ContainerResponses[0].Devices);
        Assert.Empty(response.ContainerResponses[0].Mounts);
        Assert.Empty(response.ContainerResponses[0].Envs);
    }

    [Fact]
    public async Task Allocate_Legacy_DeviceNodesDriverVolumeReadOnlyAndEnvironment()
    {
        const string driver = "550.54.15";
        using var root = FakeDriverRoot.WithDriver(driver);
        using var dev = new TempFolder();
        Directory.CreateDirectory(dev.Combine("dev"));
        File.WriteAllText(dev.Combine("dev/nvidia-uvm-tools"), "");
        using var volumesFolder = new TempFolder();
        // The same driver volume store the Docker plugin serves, over the fake driver root.
        await using var plugin = await PluginUnderTest.StartAsync(
            s => s with { Allocation = AllocationForm.Legacy },
            gpus => new DriverVolumeFolder(
                new DriverVolumes(volumesFolder.Path, new DriverDiscovery(root.Root, FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance), gpus, NullLogger<DriverVolumes>.Instance),
                gpus),
            devRoot: dev.Path);
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;

        var container = (await client.AllocateAsync(Allocate([PluginUnderTest.Uuid(3)]))).ContainerResponses.Single();

        Assert.Equal(
            [("/dev/nvidia3", dev.Combine("dev/nvidia3")), ("/dev/nvidiactl", dev.Combine("dev/nvidiactl")), ("/dev/nvidia-uvm", dev.Combine("dev/nvidia-uvm")), ("/dev/nvidia-uvm-tools", dev.Combine("dev/nvidia-uvm-tools"))],
            container.Devices.Select(d => (d.ContainerPath, d.HostPath)));
        Assert.All(container.Devices, d => Assert.Equal("rw", d.Permissions));
        var mount = container.Mounts.Single();
        Assert.Equal(("/usr/local/nvidia", Path.Join(volumesFolder.Path, "nvidia_driver", driver), true), (mount.ContainerPath, mount.HostPath, mount.ReadOnly));
        Assert.True(File.Exists(Path.Join(mount.HostPath, "lib64", "libcuda.so.1")));
        Assert.Equal(PluginUnderTest.Uuid(3), container.Envs["NVIDIA_VISIBLE_DEVICES"]);
        Assert.Equal("/usr/local/nvidia/lib64:/usr/local/nvidia/lib", container.Envs["LD_LIBRARY_PATH"]);
        Assert.Empty(container.CdiDevices);
    }

    [Fact]
    public async Task Allocate_UnknownDevice_IsNotFoundNamingIt()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.AllocateAsync(Allocate([PluginUnderTest.Uuid(0), "GPU-nope"])).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("unknown device: GPU-nope", error.Status.Detail);
    }

    [Fact]
    public async Task Allocate_UnhealthyDevice_IsFailedPreconditionNamingItAndWhy()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;
        plugin.Health.Xid(2, 79);
        await Until(() => !plugin.Host.Advertiser.Current.Devices[2].Healthy);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.AllocateAsync(Allocate([PluginUnderTest.Uuid(2)])).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal($"unhealthy device: {PluginUnderTest.Uuid(2)}: NeedsReboot: Xid 79 (GPU has fallen off the bus)", error.Status.Detail);
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(PluginUnderTest.Patience);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
