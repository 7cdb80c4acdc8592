using NvContract.Core.Simulation;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>The SDK against a daemon whose REST API listens on a real unix socket (<c>-l unix:PATH</c>).</summary>
public class UnixSocketTests
{
    [Fact]
    public async Task Sdk_OverUnixSocket_ReadsEveryEndpoint()
    {
        await using var daemon = await RunningDaemon.StartUnixAsync(new SimulatedGpuSource(SimulationProfiles.Load("legacy-mixed")));
        Assert.True(File.Exists(daemon.SocketPath));
        var client = daemon.Client;

        var info = await client.GetGpuInfoJson();
        Assert.Equal("375.26", info.Version.Driver);
        Assert.Equal(["/dev/nvidia1", "/dev/nvidia0", "/dev/nvidia3"], info.Devices.Select(d => d.Path));
        Assert.Null(info.Devices[2].Model);

        var status = await client.GetGpuStatusJsonLatest();
        Assert.Equal(3, status.Devices.Count);
        Assert.Null(status.Devices[2].Processes);
        Assert.Equal(["caffe", "python"], status.Devices[1].Processes!.Select(p => p.Name));

        Assert.StartsWith("\nDriver version:          375.26\n", await client.GetGpuInfoLatest());
        Assert.Contains("Device #2\n", await client.GetGpuStatus());
        var cli = await client.GetDockerCliJson(dev: "GPU-aaaa 0");
        Assert.Equal(["/dev/nvidia3", "/dev/nvidia1"], cli.Devices.TakeLast(2));
        Assert.StartsWith("--attributes=gpus:", await client.GetMesosCliLatest());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RestServer_UnixSocketPath_FolderCreatedAndStaleFileReplaced(bool stale)
    {
        var root = Directory.CreateTempSubdirectory("nvc-rest-").FullName;
        var socket = Path.Join(root, "run", "nvidia-docker", "api.sock");
        try
        {
            if (stale)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
                StaleSocket.Create(socket);
            }

            var logs = new LogCapture();
            await using var app = Hosting.RestServer.Build(Hosting.ListenAddress.Parse($"unix://{socket}"), new SimulatedGpuSource(SimulationProfiles.Load("empty")), new Core.Docker.DeviceNodes("/"), logs.Factory);
            await app.StartAsync();
            Assert.Equal("550.54.15", (await Client.NvContractClient.CreateForUnixSocket(socket).GetGpuInfoJson()).Version.Driver);
            await app.StopAsync();
            Assert.False(File.Exists(socket));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task RestServer_UnixSocketPathIsARegularFile_FailsAndLeavesIt()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("api.sock");
        await File.WriteAllTextAsync(path, "not a socket");
        var logs = new LogCapture();
        await using var app = Hosting.RestServer.Build(Hosting.ListenAddress.Parse($"unix:{path}"), new SimulatedGpuSource(SimulationProfiles.Load("empty")), new Core.Docker.DeviceNodes("/"), logs.Factory);

        var error = await Assert.ThrowsAsync<IOException>(() => app.StartAsync());

        Assert.Equal($"listen unix {path}: bind: address already in use", error.Message);
        Assert.Equal("not a socket", await File.ReadAllTextAsync(path));
    }
}
