namespace NvContract.Command.Tests;

public sealed class DaemonAddressTests
{
    [Theory]
    [InlineData(null, null, "http://localhost:3476")]
    [InlineData("", null, "http://localhost:3476")]
    [InlineData("http://gpu-1:8080", null, "http://gpu-1:8080")]
    [InlineData("https://gpu-1", null, "https://gpu-1:3476")]
    [InlineData("https://gpu-1:443", null, "https://gpu-1:443")]
    [InlineData("http://gpu-1:80", null, "http://gpu-1:80")]
    [InlineData("gpu-1", null, "http://gpu-1:3476")]
    [InlineData("gpu-1:4000", null, "http://gpu-1:4000")]
    [InlineData(":4000", null, "http://localhost:4000")]
    [InlineData("10.0.0.7", null, "http://10.0.0.7:3476")]
    [InlineData("[::1]:4000", null, "http://[::1]:4000")]
    [InlineData("unix:///run/nvidia-docker/api.sock", null, "unix:///run/nvidia-docker/api.sock")]
    [InlineData(null, "tcp://10.0.0.2:2376", "http://10.0.0.2:3476")]
    [InlineData(null, "unix:///var/run/docker.sock", "http://localhost:3476")]
    [InlineData("http://gpu-1:3476", "tcp://10.0.0.2:2376", "http://gpu-1:3476")]
    public void Resolve(string? nvHost, string? engineHost, string expected)
    {
        Assert.Equal(expected, DaemonAddress.Resolve(nvHost, engineHost).ToString());
    }

    [Theory]
    [InlineData(null, null, "https://localhost:3476")]
    [InlineData("gpu-1", null, "https://gpu-1:3476")]
    [InlineData("gpu-1:4000", null, "https://gpu-1:4000")]
    [InlineData("http://gpu-1:4000", null, "http://gpu-1:4000")]
    [InlineData("unix:///run/nvidia-docker/api.sock", null, "unix:///run/nvidia-docker/api.sock")]
    [InlineData(null, "tcp://10.0.0.2:2376", "https://10.0.0.2:3476")]
    public void Resolve_TlsVerify_AddressesWithoutSchemeAreHttps(string? nvHost, string? engineHost, string expected)
    {
        Assert.Equal(expected, DaemonAddress.Resolve(nvHost, engineHost, tls: true).ToString());
    }

    [Theory]
    [InlineData("ftp://gpu-1")]
    [InlineData("unix://relative.sock")]
    [InlineData("http://gpu-1:3476/v1.0")]
    [InlineData("http://user@gpu-1")]
    [InlineData("http://gpu-1:x")]
    public void Resolve_NoneOfTheForms_Error(string nvHost)
    {
        var error = Assert.Throws<CommandException>(() => DaemonAddress.Resolve(nvHost, null));

        Assert.Equal($"NV_HOST={nvHost} is none of http://host:port, https://host:port, host:port or unix:///path", error.Message);
    }

    [Fact]
    public void Resolve_Ssh_SaysWhatToUseInstead()
    {
        var error = Assert.Throws<CommandException>(() => DaemonAddress.Resolve("ssh://admin@gpu-1:22:3476", null));

        Assert.Contains("ssh tunnels are not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "-D" }, null)]
    [InlineData(new[] { "-H", "tcp://a:2375" }, "tcp://a:2375")]
    [InlineData(new[] { "--host", "tcp://a:2375", "-D" }, "tcp://a:2375")]
    [InlineData(new[] { "--host=unix:///x.sock" }, "unix:///x.sock")]
    [InlineData(new[] { "-Htcp://b:2375" }, "tcp://b:2375")]
    public void EngineHost_FromDockersGlobalOptions(string[] globals, string? expected)
    {
        Assert.Equal(expected, GpuArguments.EngineHost(globals));
    }
}
