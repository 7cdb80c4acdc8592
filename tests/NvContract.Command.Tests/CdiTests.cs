using NvContract.Client;

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

    [Fact]
    public void Arguments_OneDevicePerSelectedGpu_InTheOrderSelected()
    {
        var info = Info("GPU-0000", "GPU-1111", "GPU-2222");

        Assert.Equal(["--device=nvidia.com/gpu=GPU-2222", "--device=nvidia.com/gpu=GPU-0000"], CdiDeviceNames.Arguments(info, [2, 0], null));
    }

    [Fact]
    public void Arguments_KindOverride()
    {
        Assert.Equal(["--device=example.com/accel=GPU-1111"], CdiDeviceNames.Arguments(Info("GPU-0000", "GPU-1111"), [1], "example.com/accel"));
    }

    [Theory]
    [InlineData("nvidia")]
    [InlineData("nvidia.com/")]
    [InlineData("/gpu")]
    [InlineData("nvidia.com/gpu=x")]
    [InlineData("a/b/c")]
    public void Arguments_BadKind_Error(string kind)
    {
        var error = Assert.Throws<CommandException>(() => CdiDeviceNames.Arguments(Info("GPU-0000"), [0], kind));

        Assert.StartsWith($"NV_CDI_KIND={kind} is no CDI kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDaemon_TheNamesOfItsDeviceArguments() =>
        Assert.Equal(
            ["MIG-5b1c2d3e-0a1b-5c2d-9e3f-4a5b6c7d8e02", "GPU-3e1d7a52"],
            CdiDeviceNames.FromDaemon("--device=nvidia.com/gpu=MIG-5b1c2d3e-0a1b-5c2d-9e3f-4a5b6c7d8e02 --device=nvidia.com/gpu=GPU-3e1d7a52"));

    [Theory]
    [InlineData("--volume-driver=nvidia-docker")]
    [InlineData("--device=nvidia.com/gpu=")]
    [InlineData("--device=/dev/nvidia0")]
    public void FromDaemon_SomethingElse_Error(string line)
    {
        var error = Assert.Throws<CommandException>(() => CdiDeviceNames.FromDaemon(line));

        Assert.Equal($"nvidia-docker-plugin answered an argument that is no CDI device: {line}", error.Message);
    }

    [Fact]
    public void Arguments_SpecNames_UnderTheKind() =>
        Assert.Equal(["--device=example.com/accel=MIG-1"], CdiDeviceNames.Arguments(["MIG-1"], "example.com/accel"));

    private static GpuInfo Info(params string[] uuids) => new()
    {
        Version = new Versions { Driver = "550.54.15", CUDA = "12.4" },
        Devices = [.. uuids.Select((uuid, i) => new Device { UUID = uuid, Path = $"/dev/nvidia{i}" })],
    };
}
