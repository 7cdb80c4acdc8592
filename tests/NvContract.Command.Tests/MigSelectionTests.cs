using NvContract.Testing;

namespace NvContract.Command.Tests;

/// <summary>
/// NV_GPU's MIG forms through the built command and daemon: a stand-in podman (CDI without asking
/// its version) prints what it would run; the daemon simulates hgx-h100-mig, where GPUs 0 and 1
/// hold MIG devices and GPU 3 is whole.
/// </summary>
public sealed class MigSelectionTests : IDisposable
{
    private const string Mig01 = "MIG-5b1c2d3e-0a1b-5c2d-9e3f-4a5b6c7d8e02";

    private readonly DaemonLauncher _launcher = new("nvc-cmd-mig-");
    private readonly System.Diagnostics.Process _daemon;
    private readonly int _port = Loopback.FreePort();

    public MigSelectionTests()
    {
        _daemon = _launcher.Start(new Dictionary<string, string>(), "--simulate", "hgx-h100-mig", "-l", $"127.0.0.1:{_port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        Retry.HttpAsync(() => http.GetStringAsync("/v1.0/gpu/info/json")).GetAwaiter().GetResult();
        File.WriteAllText(Podman, "#!/bin/sh\ncase \"$1\" in\n  image) echo '{}' ;;\n  *) echo \"$@\" ;;\nesac\n");
        File.SetUnixFileMode(Podman, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string Podman => Path.Join(_launcher.Scratch, "podman");

    [Theory]
    [InlineData("0:1")]
    [InlineData(Mig01)]
    [InlineData("MIG-GPU-3e1d7a52-4c0b-4f7e-8a61-0c9d2b5e7f10/3/0")]
    public void Run_MigWord_TheMigDevicesCdiName(string gpu)
    {
        var (code, output, error) = Run(gpu);

        Assert.True(code == 0, error);
        Assert.Equal($"run --device=nvidia.com/gpu={Mig01} busybox true\n", output);
    }

    [Fact]
    public void Run_MigWordsAndAWholeGpu_EachInTheOrderGiven()
    {
        var (code, output, error) = Run("1:6,3 0:1");

        Assert.True(code == 0, error);
        Assert.Equal(
            "run --device=nvidia.com/gpu=MIG-7a2b3c4d-1b2c-5d3e-8f4a-5b6c7d8e9f13 --device=nvidia.com/gpu=GPU-3e1d7a52-4c0b-4f7e-8a61-0c9d2b5e7f13 "
            + $"--device=nvidia.com/gpu={Mig01} busybox true\n",
            output);
    }

    [Fact]
    public void Run_MigWordTheDaemonDoesNotKnow_ItsErrorAndNoContainer()
    {
        var (code, output, error) = Run("0:9");

        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        Assert.Contains("invalid device: 0:9", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _daemon.Kill();
        _daemon.WaitForExit();
        _daemon.Dispose();
        _launcher.Dispose();
    }

    private (int ExitCode, string Output, string Error) Run(string gpu) => CommandProcess.Run(
        new Dictionary<string, string> { ["NV_DOCKER"] = Podman, ["NV_HOST"] = $"http://127.0.0.1:{_port}", ["NV_GPU"] = gpu },
        "run", "busybox", "true");
}
