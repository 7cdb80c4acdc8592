using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NvContract.Plugin.Tests.Support;

namespace NvContract.Plugin.Tests;

public class PluginServerTests
{
    [Fact]
    public async Task StartAsync_MissingSocketFolder_CreatedOwnerOnly()
    {
        await using var host = await PluginHost.StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(host.Options.SocketDirectory));
        Assert.True(File.Exists(Path.Join(host.Options.SocketDirectory, "nvidia-docker.sock")), "no socket at v1's name");
    }

    [Fact]
    public async Task StartAsync_StaleSocketFile_ReplacedAndServing()
    {
        await using var host = await PluginHost.StartAsync(folder =>
        {
            Directory.CreateDirectory(folder.Combine("plugins"));
            File.WriteAllText(folder.Combine("plugins/nvidia-docker.sock"), "stale");
        });

        Assert.Equal(200, (await host.SendAsync("/Plugin.Activate", null)).Status);
    }

    [Fact]
    public async Task StopAsync_Running_RemovesTheSocket()
    {
        var host = await PluginHost.StartAsync();
        var socket = host.SocketPath;
        Assert.True(File.Exists(socket));

        await host.App.StopAsync();

        Assert.False(File.Exists(socket));
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Build_LogsV1StartupLinesInOrder()
    {
        await using var host = await PluginHost.StartAsync();

        Assert.Equal(
            [$"Provisioning volumes at {host.Options.VolumesDirectory}", $"Serving plugin API at {host.Options.SocketDirectory}"],
            host.Logs.Lines.Where(l => l.StartsWith("Provisioning", StringComparison.Ordinal) || l.StartsWith("Serving", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Build_UnfinishedBuildLeftByACrash_IsRemoved()
    {
        await using var host = await PluginHost.StartAsync(folder =>
            Directory.CreateDirectory(folder.Combine("volumes/nvidia_driver/.tmp-550.54.15-deadbeef/lib64")));

        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(host.Options.VolumesDirectory, "nvidia_driver")));
        Assert.Equal("{\"Volumes\":null,\"Err\":null}\n", (await host.SendAsync("/VolumeDriver.List", "{}")).Body);
    }
}
