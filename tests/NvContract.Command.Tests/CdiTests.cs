namespace NvContract.Command.Tests;

public sealed class CdiTests
{
    private const string Enabled = """["/etc/cdi","/var/run/cdi"]""";

    [Theory]
    [InlineData("docker", "20.10.24+dfsg1", false)]
    [InlineData("docker", "24.0.7", false)]
    [InlineData("docker", "25.0.0", true)]
    [InlineData("docker", "28.2.2", true)]
    [InlineData("/usr/local/bin/docker", "27.1.1", true)]
    [InlineData("docker", "", false)]
    [InlineData("docker", "dev", false)]
    [InlineData("docker", null, false)]
    public void Supported_DockerWithCdiEnabled_From25(string command, string? version, bool expected)
    {
        Assert.Equal(expected, CdiSupport.Supported(command, () => version, () => Enabled, m => Assert.Fail(m)));
    }

    [Theory]
    [InlineData("podman")]
    [InlineData("/usr/bin/podman")]
    public void Supported_Podman_WithoutAskingTheEngine(string command)
    {
        Assert.True(CdiSupport.Supported(command, () => throw new InvalidOperationException("asked"), () => throw new InvalidOperationException("asked"), m => Assert.Fail(m)));
    }

    [Fact]
    public void Supported_DockerBefore25_DoesNotAskWhetherCdiIsOn()
    {
        Assert.False(CdiSupport.Supported("docker", () => "24.0.7", () => throw new InvalidOperationException("asked"), m => Assert.Fail(m)));
    }

    [Theory]
    [InlineData("25.0.3", "[]")]
    [InlineData("27.1.1", "[]")]
    [InlineData("27.1.1", "null")]
    [InlineData("27.1.1", "[\"\"]")]
    public void Supported_DockerWithCdiDisabled_VolumeFormAndOneLineSayingWhy(string version, string specDirs)
    {
        var notices = new List<string>();

        Assert.False(CdiSupport.Supported("docker", () => version, () => specDirs, notices.Add));

        Assert.Equal(
            $"Docker {version} has CDI disabled (docker info lists no CDI spec directories; \"features\": {{\"cdi\": true}} in /etc/docker/daemon.json enables it): using the nvidia-docker volume and device nodes",
            Assert.Single(notices));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<no value>")]
    [InlineData("{}")]
    public void Supported_DockerThatCannotTellWhetherCdiIsOn_VolumeFormAndOneLineSayingWhy(string? specDirs)
    {
        var notices = new List<string>();

        Assert.False(CdiSupport.Supported("docker", () => "26.1.4", () => specDirs, notices.Add));

        Assert.Equal(
            "cannot tell whether Docker 26.1.4 has CDI enabled (docker info reports no CDISpecDirs): using the nvidia-docker volume and device nodes",
            Assert.Single(notices));
    }
}
