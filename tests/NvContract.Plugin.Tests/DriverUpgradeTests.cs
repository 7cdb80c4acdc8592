using System.Net;
using System.Net.Sockets;
using NvContract.Plugin.Tests.Support;
using NvContract.Testing;

namespace NvContract.Plugin.Tests;

/// <summary>
/// A driver upgrade under a running daemon: the simulated driver's profile file and the driver root
/// change together, as an installer changes the kernel module and the libraries.
/// </summary>
public class DriverUpgradeTests
{
    [Fact]
    public async Task Upgrade_WithoutRestart_NewVolumeCreatedAndNamedOldOneStillMountable()
    {
        using var folder = new TempFolder();
        using var root = FakeDriverRoot.WithDriver("375.26");
        var profile = folder.Combine("host.json");
        WriteProfile(profile, "375.26");
        var socket = folder.Combine("plugins/nvidia-docker.sock");
        var port = FreePort();
        using var daemon = DaemonProcess.Start(
            "--simulate", profile, "-l", $"127.0.0.1:{port}", "-s", folder.Combine("plugins"), "-d", folder.Combine("volumes"), "--driver-root", root.Root);
        await daemon.WaitForLogAsync("Serving remote API at", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal("{\"Err\":null}\n", (await Create(socket, "nvidia_driver_375.26")).Body);

        // The installer replaces the libraries and re-runs ldconfig; the kernel reports the new version.
        foreach (var old in Directory.EnumerateFiles(root.Root, "*.so.375.26", SearchOption.AllDirectories))
        {
            File.Delete(old);
        }

        root.AddLibrary(FakeDriverRoot.Lib64, "libcuda.so.375.39", "libcuda.so.1");
        root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-ml.so.375.39", "libnvidia-ml.so.1");
        root.RunLdconfig();
        WriteProfile(profile, "375.39");

        Assert.Contains("--volume=nvidia_driver_375.39:/usr/local/nvidia:ro", await http.GetStringAsync("/v1.0/docker/cli"));
        Assert.Contains("\"Driver\":\"375.39\"", await http.GetStringAsync("/v1.0/gpu/info/json"));
        Assert.Equal("{\"Err\":null}\n", (await Create(socket, "nvidia_driver_375.39")).Body);
        Assert.True(File.Exists(folder.Combine("volumes/nvidia_driver/375.39/lib64/libcuda.so.375.39")));

        // Containers created before the upgrade still start: the old volume mounts until removed.
        Assert.Equal("{\"Err\":\"invalid volume version: nvidia_driver_375.26\"}\n", (await Create(socket, "nvidia_driver_375.26")).Body);
        var mount = await RawHttp.SendAsync(socket, RawHttp.DockerRequest("/VolumeDriver.Mount", "{\"Name\":\"nvidia_driver_375.26\",\"ID\":\"c1\"}"));
        Assert.Equal($"{{\"Mountpoint\":\"{folder.Combine("volumes/nvidia_driver/375.26")}\",\"Err\":null}}\n", mount.Body);
        Assert.True(File.Exists(folder.Combine("volumes/nvidia_driver/375.26/lib64/libcuda.so.375.26")));

        Assert.Equal(0, await daemon.StopAsync());
    }

    private static Task<RawHttp.Reply> Create(string socket, string name) =>
        RawHttp.SendAsync(socket, RawHttp.DockerRequest("/VolumeDriver.Create", $"{{\"Name\":\"{name}\"}}"));

    private static void WriteProfile(string path, string driverVersion)
    {
        var previous = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        File.WriteAllText(path, $$"""
            {
              "driverVersion": "{{driverVersion}}",
              "cudaVersion": "8.0",
              "models": { "k80": { "name": "Tesla K80", "computeCapability": "3.7", "multiprocessors": 13 } },
              "gpus": [ { "model": "k80", "uuid": "GPU-6a1b2c3d", "minor": 0, "busId": "0000:05:00.0" } ]
            }
            """);

        // Coarse file-system clocks could leave the stamp unchanged within one tick.
        File.SetLastWriteTimeUtc(path, previous > DateTime.UtcNow.AddSeconds(-1) ? previous.AddSeconds(1) : DateTime.UtcNow);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
