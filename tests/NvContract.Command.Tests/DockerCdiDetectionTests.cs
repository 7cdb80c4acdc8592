using NvContract.Testing;

namespace NvContract.Command.Tests;

/// <summary>
/// How the built command chooses between CDI names and the volume form for Docker, against a
/// simulated daemon and a stand-in docker that answers <c>docker version</c> and <c>docker info</c>
/// as an engine with CDI on or off would, and prints the command it would run.
/// </summary>
public sealed class DockerCdiDetectionTests : IDisposable
{
    private readonly DaemonLauncher _launcher = new("nvc-cmd-cdi-");
    private readonly System.Diagnostics.Process _daemon;
    private readonly int _port = Loopback.FreePort();

    public DockerCdiDetectionTests()
    {
        _daemon = _launcher.Start(new Dictionary<string, string>(), "--simulate", "dgx-h100", "-l", $"127.0.0.1:{_port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        Retry.HttpAsync(() => http.GetStringAsync("/v1.0/gpu/info/json")).GetAwaiter().GetResult();
        File.WriteAllText(Docker, """
            #!/bin/sh
            case "$1" in
              version) echo "$FAKE_DOCKER_VERSION" ;;
              info) [ -n "$FAKE_DOCKER_CDI_SPEC_DIRS" ] || { echo 'template: :1:7: executing "" at <.CDISpecDirs>: can'"'"'t evaluate field CDISpecDirs' >&2; exit 1; }; echo "$FAKE_DOCKER_CDI_SPEC_DIRS" ;;
              image) echo '{}' ;;
              volume) ;;
              *) echo "$@" ;;
            esac
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(Docker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string Docker => Path.Join(_launcher.Scratch, "docker");

    [Theory]
    [InlineData("27.1.1")]
    [InlineData("28.2.2")]
    public void Run_DockerWithCdiEnabled_CdiNames(string version)
    {
        var (code, output, error) = Run(version, """["/etc/cdi","/var/run/cdi"]""");

        Assert.True(code == 0, error);
        Assert.Equal("", error);
        Assert.StartsWith("run --device=nvidia.com/gpu=GPU-", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--volume", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Docker27WithCdiDisabled_VolumeFormAndOneLineSayingWhy()
    {
        var (code, output, error) = Run("27.1.1", "[]");

        Assert.True(code == 0, error);
        Assert.StartsWith("run --volume-driver=nvidia-docker --volume=nvidia_driver_", output, StringComparison.Ordinal);
        Assert.Contains("--device=/dev/nvidia0", output, StringComparison.Ordinal);
        Assert.DoesNotContain("nvidia.com/gpu=", output, StringComparison.Ordinal);
        var line = Assert.Single(CommandProcess.Lines(error));
        Assert.Matches(@"^nvidia-docker \| \d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} Warning: Docker 27\.1\.1 has CDI disabled \(docker info lists no CDI spec directories; ", line);
    }

    [Fact]
    public void Run_DockerThatCannotTell_VolumeFormAndOneLineSayingWhy()
    {
        var (code, output, error) = Run("25.0.0", "");

        Assert.True(code == 0, error);
        Assert.StartsWith("run --volume-driver=nvidia-docker --volume=nvidia_driver_", output, StringComparison.Ordinal);
        Assert.Contains("cannot tell whether Docker 25.0.0 has CDI enabled", Assert.Single(CommandProcess.Lines(error)), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _daemon.Kill();
        _daemon.WaitForExit();
        _daemon.Dispose();
        _launcher.Dispose();
    }

    private (int ExitCode, string Output, string Error) Run(string version, string specDirs) => CommandProcess.Run(
        new Dictionary<string, string>
        {
            ["NV_DOCKER"] = Docker,
            ["NV_HOST"] = $"http://127.0.0.1:{_port}",
            ["FAKE_DOCKER_VERSION"] = version,
            ["FAKE_DOCKER_CDI_SPEC_DIRS"] = specDirs,
        },
        "run", "busybox", "true");
}
