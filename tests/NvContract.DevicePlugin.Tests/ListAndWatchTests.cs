using NvContract.DevicePlugin.V1Beta1;

namespace NvContract.DevicePlugin.Tests;

/// <summary>ListAndWatch through the C# kubelet stand-in, with health driven through the real health monitor.</summary>
public sealed class ListAndWatchTests
{
    [Fact]
    public async Task FirstList_EveryGpuByUuid_HealthyWithItsNumaNode()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;
        using var stop = new CancellationTokenSource();

        var list = await PluginUnderTest.UntilAsync(PluginUnderTest.Watch(client, stop.Token), _ => true);

        Assert.Equal(Enumerable.Range(0, 4).Select(PluginUnderTest.Uuid), list.Devices.Select(d => d.ID));
        Assert.All(list.Devices, d => Assert.Equal("Healthy", d.Health));
        Assert.Equal([0L, 0L, 1L, 1L], list.Devices.Select(d => d.Topology.Nodes.Single().ID));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task FatalXid_OnOneGpu_OnlyItTurnsUnhealthy_ThenHealthyAfterItsReset()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;
        using var stop = new CancellationTokenSource();
        var lists = PluginUnderTest.Watch(client, stop.Token);
        await PluginUnderTest.UntilAsync(lists, _ => true);

        plugin.Health.Xid(1, 79);
        await PluginUnderTest.UntilAsync(lists, l => PluginUnderTest.States(l).SequenceEqual(["Healthy", "Unhealthy", "Healthy", "Healthy"]));
        plugin.Health.ResetSeen(1);
        await PluginUnderTest.UntilAsync(lists, l => PluginUnderTest.States(l).SequenceEqual(["Healthy", "Healthy", "Healthy", "Healthy"]));

        var uuid = PluginUnderTest.Uuid(1);
        Assert.Contains($"Device plugin: GPU 1 ({uuid}) advertised Unhealthy: NeedsReboot: Xid 79 (GPU has fallen off the bus)", plugin.Log.Lines);
        Assert.Contains($"Device plugin: GPU 1 ({uuid}) advertised Healthy", plugin.Log.Lines);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task EventWatchFails_OnOneGpu_OnlyThatGpuIsUnhealthy()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;
        using var stop = new CancellationTokenSource();
        var lists = PluginUnderTest.Watch(client, stop.Token);

        plugin.Health.WatchFailed(3, "nvml: Unknown Error");

        await PluginUnderTest.UntilAsync(lists, l => PluginUnderTest.States(l).SequenceEqual(["Healthy", "Healthy", "Healthy", "Unhealthy"]));
        Assert.Contains($"Device plugin: GPU 3 ({PluginUnderTest.Uuid(3)}) advertised Unhealthy: Unknown: event watch failed: nvml: Unknown Error; retrying", plugin.Log.Lines);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task DeviceNodeMissing_ThatGpuIsUnhealthyWithTheReasonLoggedOnce_ThenHealthyWhenTheNodeIsBack()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;
        using var stop = new CancellationTokenSource();
        var lists = PluginUnderTest.Watch(client, stop.Token);
        await PluginUnderTest.UntilAsync(lists, l => l.Devices.All(d => d.Health == "Healthy"));

        File.Delete(plugin.NodePath(1));
        await PluginUnderTest.UntilAsync(lists, l => PluginUnderTest.States(l).SequenceEqual(["Healthy", "Unhealthy", "Healthy", "Healthy"]));
        var unhealthy = $"Device plugin: GPU 1 ({PluginUnderTest.Uuid(1)}) advertised Unhealthy: {plugin.NodePath(1)} does not exist";
        await Until(() => plugin.Log.Lines.Contains(unhealthy));
        File.WriteAllText(plugin.NodePath(1), string.Empty);
        await PluginUnderTest.UntilAsync(lists, l => l.Devices.All(d => d.Health == "Healthy"));

        Assert.Single(plugin.Log.Lines, unhealthy);
        Assert.Single(plugin.Log.Lines, $"Device plugin: GPU 1 ({PluginUnderTest.Uuid(1)}) advertised Healthy");
        await stop.CancelAsync();
    }

    [Fact]
    public async Task DeviceNodeMissing_AllocateRefusesTheGpuNamingWhy()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;

        File.Delete(plugin.NodePath(2));
        await Until(() => !plugin.Host.Advertiser.Current.Devices[2].Healthy);
        var request = new AllocateRequest();
        request.ContainerRequests.Add(new ContainerAllocateRequest { DevicesIds = { PluginUnderTest.Uuid(2) } });

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.AllocateAsync(request).ResponseAsync);

        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal($"unhealthy device: {PluginUnderTest.Uuid(2)}: {plugin.NodePath(2)} does not exist", error.Status.Detail);
    }

    [Fact]
    public async Task NvmlFails_EveryGpuIsUnhealthy_UntilItAnswersAgain()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;
        using var stop = new CancellationTokenSource();
        var lists = PluginUnderTest.Watch(client, stop.Token);
        await PluginUnderTest.UntilAsync(lists, _ => true);

        plugin.Gpus.NvmlFailure = "nvml: Driver Not Loaded";
        await PluginUnderTest.UntilAsync(lists, l => l.Devices.All(d => d.Health == "Unhealthy"));
        plugin.Gpus.NvmlFailure = null;
        await PluginUnderTest.UntilAsync(lists, l => l.Devices.All(d => d.Health == "Healthy"));

        Assert.Contains("Device plugin: NVML failed (nvml: Driver Not Loaded); every GPU is advertised Unhealthy until it answers again", plugin.Log.Lines);
        Assert.Contains($"Device plugin: GPU 0 ({PluginUnderTest.Uuid(0)}) advertised Unhealthy: NVML failed: nvml: Driver Not Loaded", plugin.Log.Lines);
        Assert.Contains("Device plugin: NVML answers again", plugin.Log.Lines);
        await stop.CancelAsync();
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
