using System.Text.RegularExpressions;
using NvContract.Plugin.Tests.Support;
using NvContract.Testing;

namespace NvContract.Plugin.Tests;

/// <summary>The built <c>nvidia-docker-plugin</c> serving the plugin socket next to the REST API.</summary>
public class DaemonPluginTests
{
    [Fact]
    public async Task Daemon_Simulated_ServesThePluginSocketAndRemovesItOnSigterm()
    {
        using var folder = new TempFolder();
        using var root = FakeDriverRoot.WithDriver("375.26");
        var socket = folder.Combine("plugins/nvidia-docker.sock");
        using var daemon = DaemonProcess.Start(
            "--simulate", "legacy-mixed", "-l", "127.0.0.1:0", "-s", folder.Combine("plugins"), "-d", folder.Combine("volumes"), "--driver-root", root.Root);
        await daemon.WaitForLogAsync("Serving remote API at", TimeSpan.FromSeconds(60));

        var activate = await RawHttp.SendAsync(socket, RawHttp.DockerRequest("/Plugin.Activate", null));
        var create = await RawHttp.SendAsync(socket, RawHttp.DockerRequest("/VolumeDriver.Create", "{\"Name\":\"nvidia_driver_375.26\"}"));
        var code = await daemon.StopAsync();

        Assert.Equal("{\"Implements\":[\"VolumeDriver\"]}\n", activate.Body);
        Assert.Equal("{\"Err\":null}\n", create.Body);
        Assert.True(File.Exists(folder.Combine("volumes/nvidia_driver/375.26/lib64/libcuda.so.375.26")));
        Assert.Equal(0, code);
        Assert.False(File.Exists(socket));
        Assert.Equal(
            [
                "Loading simulated GPUs from legacy-mixed", "Discovering GPU devices", $"Provisioning volumes at {folder.Combine("volumes")}",
                $"Serving plugin API at {folder.Combine("plugins")}", "Serving remote API at 127.0.0.1:0", "Received activate request",
                "Plugins activated [VolumeDriver]", "Received create request for volume 'nvidia_driver_375.26'",
            ],
            Messages(daemon.Log).Where(l => !l.StartsWith("Created volume", StringComparison.Ordinal)).Take(8));
        Assert.Equal("Successfully terminated", Messages(daemon.Log).Last());
    }

    [Fact]
    public async Task Daemon_SocketFolderCannotBeCreated_Exits1WithError()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("file"), "not a folder");
        using var daemon = DaemonProcess.Start("--simulate", "legacy-mixed", "-l", "127.0.0.1:0", "-s", folder.Combine("file/plugins"), "-d", folder.Combine("volumes"));

        var code = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.Contains($"Serving plugin API at {folder.Combine("file/plugins")}", daemon.Log);
        Assert.Contains(Messages(daemon.Log), l => l.StartsWith("Error: ", StringComparison.Ordinal));
    }

    private static List<string> Messages(string log) =>
        log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Regex.Replace(l, @"^nvidia-docker-plugin \| \d{4}/\d\d/\d\d \d\d:\d\d:\d\d ", string.Empty))
            .ToList();
}
