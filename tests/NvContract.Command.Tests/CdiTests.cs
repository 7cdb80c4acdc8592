namespace NvContract.Command.Tests;

public sealed class CdiTests
{
    [Theory]
    [InlineData("docker", "20.10.24+dfsg1", false)]
    [InlineData("docker", "24.0.7", false)]
    [InlineData("docker", "25.0.0", true)]
    [InlineData("docker", "28.2.2", true)]
    [InlineData("/usr/local/bin/docker", "27.1.1", true)]
    [InlineData("docker", "", false)]
    [InlineData("docker", "dev", false)]
    [InlineData("docker", null, false)]
    public void Supported_Docker_From25(string command, string? version, bool expected)
    {
        Assert.Equal(expected, CdiSupport.Supported(command, () => version));
    }

    [Theory]
    [InlineData("podman")]
    [InlineData("/usr/bin/podman")]
    public void Supported_Podman_WithoutAskingTheVersion(string command)
    {
        Assert.True(CdiSupport.Supported(command, () => throw new InvalidOperationException("asked")));
    }
}
