using System.Net;
using System.Text.Json;
using NvContract.Core.Simulation;

namespace NvContract.Daemon.Tests;

/// <summary>/v1.1/gpu/topology/scores/json on simulated GPUs, through a real socket.</summary>
public sealed class TopologyEndpointTests
{
    [Fact]
    public async Task PairScores_DgxH100_EveryGpuWithItsNumaNodeAndTheScoreOfEachPair()
    {
        using var gpus = new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100"));
        await using var daemon = await RunningDaemon.StartTcpAsync(gpus);
        using var http = daemon.Http;

        using var response = await http.GetAsync("/v1.1/gpu/topology/scores/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var devices = body.RootElement.GetProperty("Devices");
        Assert.Equal(8, devices.GetArrayLength());
        Assert.Equal(gpus.Devices[5].Uuid, devices[5].GetProperty("UUID").GetString());
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], devices.EnumerateArray().Select(d => d.GetProperty("NumaNode").GetInt32()));
        var scores = body.RootElement.GetProperty("Scores");
        // Two sockets of four: pairs under one CPU score 20, pairs across the sockets 10; GPU 7 has
        // peer-to-peer disabled by the driver, so its pairs score 0.
        Assert.Equal(20, scores[0][1].GetInt32());
        Assert.Equal(20, scores[1][0].GetInt32());
        Assert.Equal(10, scores[3][4].GetInt32());
        Assert.Equal(20, scores[5][6].GetInt32());
        Assert.Equal(0, scores[6][7].GetInt32());
        Assert.Equal(0, scores[3][3].GetInt32());
    }
}
