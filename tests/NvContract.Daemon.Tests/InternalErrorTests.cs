using System.Net;
using NvContract.Core.Simulation;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

public class InternalErrorTests
{
    [Theory]
    [InlineData("/v1.0/gpu/status")]
    [InlineData("/gpu/status/json")]
    public async Task Status_DriverFailsDuringRequest_500ThenKeepsServing(string route)
    {
        var gpus = new FailingGpuSource(new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100")))
        {
            FailStatus = i => i == 1 ? new InvalidOperationException("nvml: Unknown Error") : null,
        };
        await using var daemon = await RunningDaemon.StartTcpAsync(gpus);
        using var http = daemon.Http;

        var failed = await http.GetAsync(route);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", failed.Content.Headers.ContentType!.ToString());
        Assert.Equal("internal error, check logs for details\n", await failed.Content.ReadAsStringAsync());
        Assert.Contains("Error: nvml: Unknown Error", daemon.Logs.Lines);

        gpus.FailStatus = _ => null;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(route)).StatusCode);
    }

    [Fact]
    public async Task DockerCli_DriverVersionFails_400WithErrorTextAsV1()
    {
        var gpus = new FailingGpuSource(new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100")))
        {
            FailVersions = new InvalidOperationException("nvml: Driver Not Loaded"),
        };
        await using var daemon = await RunningDaemon.StartTcpAsync(gpus);
        using var http = daemon.Http;

        var response = await http.GetAsync("/v1.0/docker/cli");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("nvml: Driver Not Loaded\n", await response.Content.ReadAsStringAsync());
        Assert.Contains("Error: nvml: Driver Not Loaded", daemon.Logs.Lines);
    }

    [Fact]
    public async Task Info_DriverVersionFails_500()
    {
        var gpus = new FailingGpuSource(new SimulatedGpuSource(SimulationProfiles.Load("empty")))
        {
            FailVersions = new InvalidOperationException("nvml: GPU is lost"),
        };
        await using var daemon = await RunningDaemon.StartTcpAsync(gpus);
        using var http = daemon.Http;
        Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync("/gpu/info/json")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync("/mesos/cli")).StatusCode);
    }
}
