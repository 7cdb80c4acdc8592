using System.Diagnostics;
using NvContract.Testing;

namespace NvContract.Daemon.Tests.Cdi;

/// <summary>
/// The daemon's CDI spec as a real runtime applies it: podman 4.3.1 with runc, simulated GPUs with
/// stand-in device nodes under --dev-root, a fake driver root of real ELF files.
/// </summary>
[Trait("Category", "Podman")]
public sealed class PodmanTests : IDisposable
{
    private const string Gpu1Uuid = "GPU-6a1b2c3e";

    private readonly DaemonLauncher _launcher = new("nvc-podman-");
    private readonly CdiTestHost _host = new(deviceNodes: Environment.UserName == "root");

    private string CdiDir => Path.Join(_launcher.Scratch, "cdi");

    private string SpecPath => Path.Join(CdiDir, "nvidia-docker-plugin.nvidia.com-gpu.json");

    [PodmanFact]
    public async Task Run_AllGpus_NodesDriverBinariesAndLibcudaInTheLdCache()
    {
        using var daemon = await StartDaemonAsync();
        using var podman = new Podman(CdiDir);

        var output = podman.RunOrExplain(["--device", "nvidia.com/gpu=all"], "ls /dev; echo; command -v nvidia-smi; ldconfig -p");

        var lines = output.Split('\n');
        Assert.Contains("nvidia0", lines);
        Assert.Contains("nvidia1", lines);
        Assert.Contains("nvidiactl", lines);
        Assert.Contains("nvidia-uvm", lines);
        Assert.Contains("/usr/bin/nvidia-smi", lines);
        Assert.Contains(lines, l => l.Trim() == "libcuda.so.1 (libc6,x86-64) => /usr/local/nvidia/lib64/libcuda.so.1");
    }

    [PodmanFact]
    public async Task Run_OneGpuByUuid_OnlyItsNode()
    {
        using var daemon = await StartDaemonAsync();
        using var podman = new Podman(CdiDir);

        var output = podman.RunOrExplain(["--device", $"nvidia.com/gpu={Gpu1Uuid}"], "ls /dev");

        var lines = output.Split('\n');
        Assert.Contains("nvidia1", lines);
        Assert.DoesNotContain("nvidia0", lines);
        Assert.Contains("nvidiactl", lines);
    }

    [PodmanFact]
    public async Task Run_AfterDriverUpgrade_NewLibrariesAndNoOldPath()
    {
        using var daemon = await StartDaemonAsync();
        using var podman = new Podman(CdiDir);
        Assert.Contains("libcuda.so.375.26", podman.RunOrExplain(["--device", "nvidia.com/gpu=0"], "ls /usr/local/nvidia/lib64"));

        _host.Upgrade("375.39");
        await WaitForAsync(() => File.ReadAllText(SpecPath).Contains("375.39", StringComparison.Ordinal), daemon);

        var output = podman.RunOrExplain(["--device", "nvidia.com/gpu=0"], "ls /usr/local/nvidia/lib64; cat /proc/self/mountinfo; ldconfig -p");
        Assert.Contains("libcuda.so.375.39", output);
        Assert.Contains("libcuda.so.1 (libc6,x86-64) => /usr/local/nvidia/lib64/libcuda.so.1", output);
        Assert.DoesNotContain("375.26", output);
    }

    [PodmanFact]
    public async Task Run_MigDeviceByIndex_ItsGpusNodeAndItsTwoAccessNodesOnly()
    {
        using var host = new CdiTestHost(deviceNodes: Environment.UserName == "root", mig: true);
        using var daemon = await StartDaemonAsync(host);
        using var podman = new Podman(CdiDir);
        var mig = host.MigDevices.Single(m => m.Name == "0:1");
        var other = host.MigDevices.Single(m => m.Name == "0:0");

        var output = podman.RunOrExplain(["--device", "nvidia.com/gpu=0:1"], "ls /dev; echo --; ls /dev/nvidia-caps");

        var (dev, caps) = (output.Split("--\n")[0].Split('\n'), output.Split("--\n")[1].Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["nvidia0"], dev.Where(l => l.StartsWith("nvidia", StringComparison.Ordinal) && l[6..].All(char.IsAsciiDigit) && l.Length > 6));
        Assert.Equal(MigStandIns.CapPaths(mig).Select(Path.GetFileName), caps);
        Assert.DoesNotContain(MigStandIns.CapPaths(other).Select(Path.GetFileName), caps.Contains);
        Assert.Contains("nvidiactl", dev);
    }

    public void Dispose()
    {
        _launcher.Dispose();
        _host.Dispose();
    }

    private async Task<Process> StartDaemonAsync(CdiTestHost? host = null)
    {
        var daemon = _launcher.Start(new Dictionary<string, string>(), [.. (host ?? _host).Flags, "--cdi-dir", CdiDir, "-l", "127.0.0.1:0"]);
        await WaitForAsync(() => File.Exists(SpecPath), daemon);
        return daemon;
    }

    private static async Task WaitForAsync(Func<bool> condition, Process daemon)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.False(daemon.HasExited, "the daemon exited");
            Assert.True(DateTime.UtcNow < deadline, "not in time");
            await Task.Delay(100);
        }
    }
}
