using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NvContract.Plugin.Tests.Support;
using NvContract.Testing;

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
            StaleSocket.Create(folder.Combine("plugins/nvidia-docker.sock"));
        });

        Assert.Equal(200, (await host.SendAsync("/Plugin.Activate", null)).Status);
    }

    [Fact]
    public async Task StartAsync_SocketAnsweredByAnotherServer_FailsAndTheFirstKeepsServing()
    {
        await using var first = await PluginHost.StartAsync();
        var second = PluginServer.Build(first.Options, first.Gpus, first.Logs.Factory);

        var error = await Assert.ThrowsAsync<IOException>(() => PluginServer.StartAsync(second));
        await second.DisposeAsync();

        Assert.Equal($"listen unix {first.SocketPath}: bind: address already in use", error.Message);
        Assert.Equal("{\"Implements\":[\"VolumeDriver\"]}\n", (await first.SendAsync("/Plugin.Activate", null)).Body);
    }

    [Fact]
    public async Task StartAsync_SocketAnsweredByAnotherServer_LeavesItsUnfinishedBuildsAlone()
    {
        await using var first = await PluginHost.StartAsync();
        var building = Directory.CreateDirectory(Path.Join(first.Options.VolumesDirectory, "nvidia_driver", ".tmp-550.54.15-0123abcd"));
        var second = PluginServer.Build(first.Options, first.Gpus, first.Logs.Factory);

        await Assert.ThrowsAsync<IOException>(() => PluginServer.StartAsync(second));
        await second.DisposeAsync();

        Assert.True(building.Exists);
    }

    [Theory]
    [InlineData("a regular file")]
    [InlineData("a folder")]
    [InlineData("a symbolic link")]
    public async Task StartAsync_NotASocketAtThePath_FailsAndLeavesItAlone(string description)
    {
        using var folder = new TempFolder();
        var options = new PluginServerOptions { SocketDirectory = folder.Combine("plugins"), VolumesDirectory = folder.Combine("volumes") };
        Directory.CreateDirectory(options.SocketDirectory);
        _ = description switch
        {
            "a regular file" => (FileSystemInfo)WriteFile(options.SocketPath, "not a socket"),
            "a folder" => Directory.CreateDirectory(options.SocketPath),
            _ => File.CreateSymbolicLink(options.SocketPath, WriteFile(folder.Combine("target"), "not a socket").FullName),
        };
        var logs = new LogCapture();
        await using var app = PluginServer.Build(options, new FakeGpuSource(PluginHost.Version), logs.Factory);

        var error = await Assert.ThrowsAsync<IOException>(() => PluginServer.StartAsync(app));

        Assert.Equal($"listen unix {options.SocketPath}: bind: address already in use", error.Message);
        Assert.True(Path.Exists(options.SocketPath), description);
        if (description != "a folder")
        {
            Assert.Equal("not a socket", File.ReadAllText(options.SocketPath));
        }
    }

    [Fact]
    public async Task StopAsync_SocketFileReplacedByAnotherServer_LeavesTheNewOne()
    {
        var host = await PluginHost.StartAsync();
        File.Delete(host.SocketPath);
        using var other = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        other.Bind(new UnixDomainSocketEndPoint(host.SocketPath));
        other.Listen();

        await host.App.StopAsync();

        Assert.True(File.Exists(host.SocketPath), "the other server's socket was deleted");
        await host.DisposeAsync();
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
    public async Task StartAsync_UnfinishedBuildLeftByACrash_IsRemoved()
    {
        await using var host = await PluginHost.StartAsync(folder =>
            Directory.CreateDirectory(folder.Combine("volumes/nvidia_driver/.tmp-550.54.15-deadbeef/lib64")));

        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(host.Options.VolumesDirectory, "nvidia_driver")));
        Assert.Equal("{\"Volumes\":null,\"Err\":null}\n", (await host.SendAsync("/VolumeDriver.List", "{}")).Body);
    }

    private static FileInfo WriteFile(string path, string text)
    {
        File.WriteAllText(path, text);
        return new FileInfo(path);
    }
}
