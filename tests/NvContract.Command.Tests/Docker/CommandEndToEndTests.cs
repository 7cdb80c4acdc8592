using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using NvContract.Testing;

namespace NvContract.Command.Tests.Docker;

/// <summary>nvidia-docker against a real Docker engine and the daemon registered as its volume plugin.</summary>
[Trait("Category", "Docker")]
public sealed class CommandEndToEndTests(CommandDockerFixture fixture) : IClassFixture<CommandDockerFixture>
{
    private const string ErrorLinePattern = @"^nvidia-docker \| \d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} Error: ";
    private static readonly Dictionary<string, string> NoSelection = [];

    [DockerFact]
    public void Run_UnlabelledImage_DriverLibrariesInTheContainer()
    {
        var (code, output, error) = fixture.Command(NoSelection, "run", "--rm", CommandDockerFixture.Busybox, "ls", "/usr/local/nvidia/lib64");

        Assert.True(code == 0, $"exit {code}:\n{error}");
        Assert.Contains($"libcuda.so.{fixture.Version}", output);
        Assert.Contains($"libnvidia-ml.so.{fixture.Version}", output);
        Assert.Equal(0, fixture.Docker("volume", "inspect", $"nvidia_driver_{fixture.Version}").ExitCode);
    }

    [DockerFact]
    public void Run_NvGpu1_ExactlyThatGpusDeviceNode()
    {
        var expected = fixture.GpuInfo.GetProperty("Devices")[1].GetProperty("Path").GetString()!;

        var (code, output, error) = fixture.Command(
            new Dictionary<string, string> { ["NV_GPU"] = "1" },
            "run", "--rm", CommandDockerFixture.Busybox, "sh", "-c", "ls -d /dev/nvidia*");

        Assert.True(code == 0, $"exit {code}:\n{error}");
        var nodes = CommandProcess.Lines(output);
        Assert.Equal([expected], nodes.Where(n => Regex.IsMatch(n, @"^/dev/nvidia\d+$")));
        Assert.Contains("/dev/nvidiactl", nodes);
        Assert.Contains("/dev/nvidia-uvm", nodes);
    }

    [DockerFact]
    public void Run_NvGpuByUuidPrefix_ThatGpusDeviceNode()
    {
        var devices = fixture.GpuInfo.GetProperty("Devices").EnumerateArray().ToArray();
        var device = devices[1];
        var prefix = device.GetProperty("UUID").GetString()![..^4];
        Assert.Single(devices, d => d.GetProperty("UUID").GetString()!.StartsWith(prefix, StringComparison.Ordinal));

        var (code, output, error) = fixture.Command(
            new Dictionary<string, string> { ["NV_GPU"] = prefix },
            "run", "--rm", CommandDockerFixture.Busybox, "sh", "-c", "ls -d /dev/nvidia[0-9]*");

        Assert.True(code == 0, $"exit {code}:\n{error}");
        Assert.Equal([device.GetProperty("Path").GetString()!], CommandProcess.Lines(output));
    }

    [DockerFact]
    public void Run_BadNvGpu_OneErrorLine_NoContainer()
    {
        var name = $"nvidia-docker-bad-gpu-{Guid.NewGuid():N}";

        var (code, output, error) = fixture.Command(
            new Dictionary<string, string> { ["NV_GPU"] = "0,99" },
            "run", "--name", name, CommandDockerFixture.Busybox, "true");

        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        Assert.Matches(ErrorLinePattern + "invalid device: 99 ", Assert.Single(CommandProcess.Lines(error)));
        Assert.NotEqual(0, fixture.Docker("container", "inspect", name).ExitCode);
    }

    [DockerFact]
    public void Run_DaemonNotReachable_OneErrorLine()
    {
        var address = $"http://127.0.0.1:{Loopback.FreePort()}";

        var (code, output, error) = fixture.Command(new Dictionary<string, string> { ["NV_HOST"] = address }, "run", "--rm", CommandDockerFixture.Busybox, "true");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Matches(ErrorLinePattern + Regex.Escape($"cannot reach nvidia-docker-plugin at {address}: Connection refused"), Assert.Single(CommandProcess.Lines(error)));
    }

    /// <summary>
    /// A daemon on another driver version than the registered plugin's names a volume the plugin
    /// refuses to create: the command stops with the plugin's reason before any container exists.
    /// </summary>
    [DockerFact]
    public async Task Run_PluginCannotCreateTheDriverVolume_OneErrorLine_NoContainer()
    {
        using var launcher = new DaemonLauncher("nvidia-docker-other-");
        var port = Loopback.FreePort();
        using var other = launcher.Start(new Dictionary<string, string>(), "--simulate", "dgx-h100", "-l", $"127.0.0.1:{port}", "--dev-root", fixture.DevRoot);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var version = (await Retry.HttpAsync(() => http.GetFromJsonAsync<JsonElement>("/v1.0/gpu/info/json"))).GetProperty("Version").GetProperty("Driver").GetString();
        Assert.NotEqual(fixture.Version, version);
        var name = $"nvidia-docker-no-volume-{Guid.NewGuid():N}";

        var (code, output, error) = fixture.Command(
            new Dictionary<string, string> { ["NV_HOST"] = $"http://127.0.0.1:{port}", ["NV_GPU"] = "0" },
            "run", "--name", name, CommandDockerFixture.Busybox, "true");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Matches(
            ErrorLinePattern + Regex.Escape($"cannot create the driver volume nvidia_driver_{version} with the nvidia-docker volume plugin: ") + ".*invalid volume version",
            Assert.Single(CommandProcess.Lines(error)));
        Assert.NotEqual(0, fixture.Docker("container", "inspect", name).ExitCode);
        Assert.NotEqual(0, fixture.Docker("volume", "inspect", $"nvidia_driver_{version}").ExitCode);
    }

    [DockerFact]
    public void Run_ContainersExitCodeIsTheCommands()
    {
        var (code, _, error) = fixture.Command(NoSelection, "run", "--rm", CommandDockerFixture.Busybox, "sh", "-c", "exit 7");

        Assert.True(code == 7, $"exit {code}:\n{error}");
    }

    [DockerFact]
    public void Run_OptionsWithValues_DoubleDash_ImageArguments_ReachDockerUntouched()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("marker"), "from the host\n");

        var (code, output, error) = fixture.Command(
            NoSelection,
            "run", "--rm", "--name=nvidia-docker-argv-" + Guid.NewGuid().ToString("N"), "-v", $"{folder.Path}:/host:ro", "-e", "GREETING=two  words", "-w", "/host",
            "--", CommandDockerFixture.Busybox, "sh", "-c", "echo \"$GREETING\"; cat marker; ls /usr/local/nvidia/bin", "-v");

        Assert.True(code == 0, $"exit {code}:\n{error}");
        Assert.Equal(["two  words", "from the host", "nvidia-debugdump", "nvidia-smi"], CommandProcess.Lines(output));
    }

    [DockerFact]
    public void Create_LabelledImage_ContainerGetsTheGpuArguments()
    {
        var name = $"nvidia-docker-create-{Guid.NewGuid():N}";
        var (code, _, error) = fixture.Command(new Dictionary<string, string> { ["NV_GPU"] = "0" }, "container", "create", "--name", name, CommandDockerFixture.LabelledImage, "true");
        try
        {
            Assert.True(code == 0, $"exit {code}:\n{error}");
            var (_, inspected) = fixture.Docker("container", "inspect", "--format", "{{json .HostConfig.Binds}} {{json .HostConfig.VolumeDriver}} {{len .HostConfig.Devices}}", name);
            Assert.Equal($"[\"nvidia_driver_{fixture.Version}:/usr/local/nvidia:ro\"] \"nvidia-docker\" 3", inspected.Trim());
        }
        finally
        {
            fixture.Docker("rm", "-f", name);
        }
    }

    [DockerFact]
    public void Run_ImageNeedsNewerCuda_V1Error_NoContainer()
    {
        var name = $"nvidia-docker-cuda-{Guid.NewGuid():N}";
        var cuda = fixture.GpuInfo.GetProperty("Version").GetProperty("CUDA").GetString();

        var (code, output, error) = fixture.Command(NoSelection, "run", "--name", name, CommandDockerFixture.FutureCudaImage, "true");

        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        Assert.Matches(ErrorLinePattern + Regex.Escape($"unsupported CUDA version: driver {cuda} < image 99.0.1") + "$", Assert.Single(CommandProcess.Lines(error)));
        Assert.NotEqual(0, fixture.Docker("container", "inspect", name).ExitCode);
    }
}
