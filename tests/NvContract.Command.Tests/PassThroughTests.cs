using NvContract.Testing;

namespace NvContract.Command.Tests;

/// <summary>Commands other than run and create go to the docker command as they are, in this process's place.</summary>
public sealed class PassThroughTests
{
    private const string ErrorLinePattern = @"^nvidia-docker \| \d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} Error: ";

    [Fact]
    public void OtherCommand_ArgumentsReachDockerUntouched()
    {
        var (code, output, error) = CommandProcess.Run(new Dictionary<string, string> { ["NV_DOCKER"] = "echo" }, "ps", "-a", "two  words", "--filter=name=x", "--", "-v");

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Equal("ps -a two  words --filter=name=x -- -v\n", output);
    }

    [Fact]
    public void OtherCommand_DockersExitCodeIsTheCommands()
    {
        using var folder = new TempFolder();
        var docker = folder.Combine("docker");
        File.WriteAllText(docker, "#!/bin/sh\nexit 7\n");
        File.SetUnixFileMode(docker, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var (code, _, error) = CommandProcess.Run(new Dictionary<string, string> { ["NV_DOCKER"] = docker }, "ps");

        Assert.Equal("", error);
        Assert.Equal(7, code);
    }

    [Fact]
    public void Version_PrintsItsOwnFirst_ThenDockers()
    {
        var (code, output, _) = CommandProcess.Run(new Dictionary<string, string> { ["NV_DOCKER"] = "echo" }, "version");

        Assert.Equal(0, code);
        Assert.Equal($"NVIDIA Docker: {NvidiaDocker.Version}\n\nversion\n", output);
    }

    [Fact]
    public void DockerNotFound_OneErrorLine()
    {
        var (code, output, error) = CommandProcess.Run(new Dictionary<string, string> { ["NV_DOCKER"] = "/nonexistent/docker" }, "ps");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(CommandProcess.Lines(error));
        Assert.Matches(ErrorLinePattern + "cannot find the docker command \"/nonexistent/docker\" \\(NV_DOCKER names another\\)$", line);
    }
}
