using System.Net;
using NvContract.Core.Simulation;
using Refit;

namespace NvContract.Daemon.Tests;

/// <summary>Every 400 of /docker/cli: v1's body, text/plain, on both routes and both media types.</summary>
public class BadRequestTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "index past the last device", "dev=8", "invalid device: 8" },
        { "negative index", "dev=-1", "invalid device: -1" },
        { "comma list (v1 splits on spaces only)", "dev=0,1", "invalid device: 0,1" },
        { "double space gives an empty token", "dev=0++1", "invalid device: " },
        { "trailing space gives an empty token", "dev=0+", "invalid device: " },
        { "unknown UUID prefix", "dev=GPU-ffff", "invalid device: GPU-ffff" },
        { "lower-case prefix is not a UUID", "dev=gpu-b8c1", "invalid device: gpu-b8c1" },
        { "not a number", "dev=first", "invalid device: first" },
        { "encoded plus is a sign, not a separator", "dev=%2B1", "invalid device: +1" },
        { "unknown volume", "vol=nvidia_cuda", "invalid volume: nvidia_cuda" },
        { "volume with a version", "vol=nvidia_driver_550.54.15", "invalid volume: nvidia_driver_550.54.15" },
        { "empty volume token", "vol=nvidia_driver+", "invalid volume: " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task DockerCli_BadSelection_400WithV1Text(string description, string query, string message)
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100")));
        using var http = daemon.Http;
        foreach (var route in new[] { "/v1.0/docker/cli", "/docker/cli", "/v1.0/docker/cli/json", "/docker/cli/json" })
        {
            var response = await http.GetAsync($"{route}?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{description}: {route} gave {response.StatusCode}");
            Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(message + "\n", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task DockerCli_BadSelectionThroughSdk_ApiExceptionCarriesV1Text()
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("empty")));
        var e = await Assert.ThrowsAsync<ApiException>(() => daemon.Client.GetDockerCliJson(dev: "0"));
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("invalid device: 0\n", e.Content);
    }

    [Fact]
    public async Task DockerCli_RepeatedParameter_FirstValueCountsAsInV1()
    {
        // Go's Query().Get: "dev=1&dev=first" selects device 1; joining the values would be an error.
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100")));
        using var http = daemon.Http;

        var repeated = await http.GetAsync("/v1.0/docker/cli?dev=1&dev=first&vol=nvidia_driver&vol=nvidia_cuda");

        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(await http.GetStringAsync("/v1.0/docker/cli?dev=1&vol=nvidia_driver"), await repeated.Content.ReadAsStringAsync());
    }
}
