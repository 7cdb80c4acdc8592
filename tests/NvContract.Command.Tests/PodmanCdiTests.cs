using System.Diagnostics;
using NvContract.Testing;

namespace NvContract.Command.Tests;

/// <summary>
/// <c>NV_DOCKER=podman nvidia-docker run</c> end to end: the daemon writes its CDI spec (simulated
/// GPUs, stand-in device nodes under --dev-root) into the folder podman reads, names the selected
/// GPU for the command, and podman gives the container that GPU's node.
/// </summary>
[Trait("Category", "Podman")]
public sealed class PodmanCdiTests : IDisposable
{
    private readonly DaemonLauncher _launcher = new("nvc-cmd-podman-");
    private readonly CdiTestHost _host = new(deviceNodes: Environment.UserName == "root");

    private string CdiDir => Path.Join(_launcher.Scratch, "cdi");

    [PodmanFact]
    public async Task Run_SelectedGpu_ItsNodeAlone()
    {
        var port = Loopback.FreePort();
        using var daemon = _launcher.Start(new Dictionary<string, string>(), [.. _host.Flags, "--cdi-dir", CdiDir, "-l", $"127.0.0.1:{port}"]);
        await WaitForSpecAsync(daemon);
        using var podman = new Podman(CdiDir);
        var command = podman.WriteCommand(_launcher.Scratch);

        var (code, output, error) = CommandProcess.Run(
            new Dictionary<string, string> { ["NV_DOCKER"] = command, ["NV_HOST"] = $"http://127.0.0.1:{port}", ["NV_GPU"] = "1" },
            "run", "--rm", Podman.Image, "ls", "/dev");

        Assert.True(code == 0, $"exit {code}:\n{output}\n{error}");
        var lines = CommandProcess.Lines(output);
        Assert.Contains("nvidia1", lines);
        Assert.DoesNotContain("nvidia0", lines);
        Assert.Contains("nvidiactl", lines);
    }

    public void Dispose()
    {
        _launcher.Dispose();
        _host.Dispose();
    }

    private async Task WaitForSpecAsync(Process daemon)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Directory.Exists(CdiDir) || !Directory.EnumerateFiles(CdiDir, "*.json").Any())
        {
            Assert.False(daemon.HasExited, "the daemon exited");
            Assert.True(DateTime.UtcNow < deadline, "no CDI spec in time");
            await Task.Delay(100);
        }
    }
}
