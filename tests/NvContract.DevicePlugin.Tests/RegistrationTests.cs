using NvContract.DevicePlugin.V1Beta1;

namespace NvContract.DevicePlugin.Tests;

/// <summary>Registration with the C# kubelet stand-in: first contact, refusals and kubelet restarts.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task Start_RegistersVersionEndpointResourceAndPreferredAllocation()
    {
        await using var plugin = await PluginUnderTest.StartAsync();

        var registration = await plugin.Kubelet.NextRegistrationAsync(PluginUnderTest.Patience);

        Assert.Equal("v1beta1", registration.Version);
        Assert.Equal("nvidia-gpu.sock", registration.Endpoint);
        Assert.Equal("nvidia.com/gpu", registration.ResourceName);
        Assert.True(registration.Options.GetPreferredAllocationAvailable);
        Assert.False(registration.Options.PreStartRequired);
        Assert.True(File.Exists(Path.Join(plugin.Kubelet.Directory, "nvidia-gpu.sock")));
    }

    [Fact]
    public async Task Start_ServesTheOptionsItRegisteredWith()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        var (client, channel) = await plugin.RegisteredClientAsync();
        using var _ = channel;

        var options = await client.GetDevicePluginOptionsAsync(new Empty());

        Assert.True(options.GetPreferredAllocationAvailable);
        Assert.False(options.PreStartRequired);
    }

    [Fact]
    public async Task Register_Refused_LogsTheKubeletsReasonAsAnErrorAndRetries()
    {
        const string reason = "rejected: resource name nvidia.com/gpu is already registered";
        await using var plugin = await PluginUnderTest.StartAsync(rejectWith: reason);
        await plugin.Kubelet.NextRegistrationAsync(PluginUnderTest.Patience);

        plugin.Kubelet.RejectWith = null;
        await plugin.Kubelet.NextRegistrationAsync(PluginUnderTest.Patience);

        var kubelet = plugin.Kubelet.SocketPath;
        Assert.Contains($"Error: device plugin registration with the kubelet at {kubelet} failed: {reason}; retrying", plugin.Log.Lines);
        await Until(() => plugin.Log.Lines.Contains($"Registered device plugin nvidia.com/gpu with the kubelet at {kubelet}"));
    }

    [Fact]
    public async Task KubeletRestart_SocketsDeletedAndKubeletSockCreatedAgain_RegistersAgainOnANewSocket()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        await plugin.Kubelet.NextRegistrationAsync(PluginUnderTest.Patience);

        await plugin.Kubelet.RestartAsync();

        // The plugin's poll period is 250 ms; 5 s is the most a restart may take to be noticed.
        var registration = await plugin.Kubelet.NextRegistrationAsync(TimeSpan.FromSeconds(5));
        var (client, channel) = plugin.Kubelet.Dial(registration.Endpoint);
        using var _ = channel;
        Assert.True((await client.GetDevicePluginOptionsAsync(new Empty())).GetPreferredAllocationAvailable);
        Assert.Contains($"Device plugin socket {Path.Join(plugin.Kubelet.Directory, "nvidia-gpu.sock")} was removed: listening again", plugin.Log.Lines);
    }

    [Fact]
    public async Task KubeletRestart_OnlyKubeletSockCreatedAgain_RegistersAgain()
    {
        await using var plugin = await PluginUnderTest.StartAsync();
        await plugin.Kubelet.NextRegistrationAsync(PluginUnderTest.Patience);

        // A kubelet that keeps the plugin's socket: only the new kubelet.sock tells of the restart.
        await using var second = await RestartKeepingPluginSocketAsync(plugin);

        await second.NextRegistrationAsync(TimeSpan.FromSeconds(5));
        Assert.Contains($"Kubelet restarted ({second.SocketPath} is new): registering again", plugin.Log.Lines);
    }

    private static async Task<KubeletStandIn> RestartKeepingPluginSocketAsync(PluginUnderTest plugin)
    {
        await plugin.Kubelet.DisposeAsync();
        File.Delete(plugin.Kubelet.SocketPath);
        return await KubeletStandIn.StartAsync(plugin.Kubelet.Directory);
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
