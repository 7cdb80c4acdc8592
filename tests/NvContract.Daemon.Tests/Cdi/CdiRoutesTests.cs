using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Client;
using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Core.Mig;
using NvContract.Core.Simulation;
using NvContract.Testing;

namespace NvContract.Daemon.Tests.Cdi;

/// <summary>The v1.1 routes over a real socket, through the SDK generated from the same contract.</summary>
public sealed class CdiRoutesTests : IAsyncLifetime
{
    private readonly CdiTestHost _host = new();
    private readonly SimulatedGpuSource _gpus;
    private RunningDaemon _daemon = null!;
    private CdiGenerator _generator = null!;

    public CdiRoutesTests() => _gpus = SimulatedGpuSource.Open(_host.Profile);

    public async Task InitializeAsync()
    {
        _daemon = await RunningDaemon.StartTcpAsync(_gpus, _host.DevRoot, cdi: nodes => _generator = new CdiGenerator(
            CdiKind.Default, null, _gpus, new DriverDiscovery(_host.Driver.Root, "/usr/bin", NullLogger<DriverDiscovery>.Instance), nodes, new MigDeviceNodes(_host.DevRoot), null));
    }

    [Fact]
    public async Task GetCdiSpec_TheBytesTheDaemonWrites()
    {
        using var http = _daemon.Http;

        var response = await http.GetAsync("/v1.1/cdi/spec");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(_generator.Generate().Spec!.ToJson(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetCdiSpec_ThroughTheSdk_TypedSpec()
    {
        var spec = await _daemon.Client.GetCdiSpec();

        Assert.Equal(("0.5.0", "nvidia.com/gpu"), (spec.CdiVersion, spec.Kind));
        Assert.Equal(["0", "1", "GPU-6a1b2c3d", "GPU-6a1b2c3e", "all"], spec.Devices.Select(d => d.Name));
        Assert.Equal(Path.Join(_host.DevRoot, "dev/nvidia1"), spec.Devices[1].ContainerEdits.DeviceNodes.Single().HostPath);
        Assert.Contains(spec.ContainerEdits.Mounts, m => m.ContainerPath == "/usr/local/nvidia/lib64/libcuda.so.1");
    }

    [Theory]
    [InlineData("", "--device=nvidia.com/gpu=GPU-6a1b2c3d --device=nvidia.com/gpu=GPU-6a1b2c3e")]
    [InlineData("?dev=1", "--device=nvidia.com/gpu=GPU-6a1b2c3e")]
    [InlineData("?dev=1+0", "--device=nvidia.com/gpu=GPU-6a1b2c3e --device=nvidia.com/gpu=GPU-6a1b2c3d")]
    [InlineData("?dev=GPU-6a1b2c3d", "--device=nvidia.com/gpu=GPU-6a1b2c3d")]
    public async Task GetDockerCliCdi_SelectedGpus_OneDeviceArgumentEachByUuid(string query, string expected)
    {
        using var http = _daemon.Http;

        var response = await http.GetAsync("/v1.1/docker/cli" + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("7")]
    [InlineData("GPU-ffff")]
    public async Task GetDockerCliCdi_UnknownDevice_V1s400Text(string dev)
    {
        using var http = _daemon.Http;

        var response = await http.GetAsync($"/v1.1/docker/cli?dev={dev}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"invalid device: {dev}\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/cdi/spec")]
    [InlineData("/v1.0/cdi/spec")]
    public async Task CdiSpec_OnlyUnderV11(string path)
    {
        using var http = _daemon.Http;

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task DockerCli_Unprefixed_StaysV1()
    {
        using var http = _daemon.Http;

        Assert.StartsWith("--volume-driver=nvidia-docker ", await http.GetStringAsync("/docker/cli"));
    }

    [Fact]
    public async Task GetCdiSpec_NoGpu_404Text()
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("empty")));
        using var http = daemon.Http;

        var response = await http.GetAsync("/v1.1/cdi/spec");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no GPU device to name in a CDI spec\n", await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _gpus.Dispose();
        _host.Dispose();
    }
}
