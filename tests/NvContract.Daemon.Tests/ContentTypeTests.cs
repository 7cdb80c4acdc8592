using NvContract.Core.Simulation;

namespace NvContract.Daemon.Tests;

/// <summary>
/// Every route's Content-Type exactly as v1 sent it: <c>application/json</c> without a charset for
/// JSON, <c>text/plain; charset=utf-8</c> for text, under /v1.0 and unprefixed, and the v1.1 routes
/// alike (the CDI routes: CdiRoutesTests; /metrics has Prometheus' type: MetricsEndpointTests).
/// </summary>
public class ContentTypeTests
{
    private const string Json = "application/json";
    private const string Text = "text/plain; charset=utf-8";

    public static TheoryData<string, string> Routes()
    {
        var data = new TheoryData<string, string>();
        foreach (var prefix in new[] { "/v1.0", string.Empty })
        {
            data.Add($"{prefix}/gpu/info", Text);
            data.Add($"{prefix}/gpu/info/json", Json);
            data.Add($"{prefix}/gpu/status", Text);
            data.Add($"{prefix}/gpu/status/json", Json);
            data.Add($"{prefix}/docker/cli", Text);
            data.Add($"{prefix}/docker/cli/json", Json);
            data.Add($"{prefix}/mesos/cli", Text);
            // A bad selection is text whichever form was asked for, as v1's http.Error wrote it.
            data.Add($"{prefix}/docker/cli/json?dev=9", Text);
        }

        data.Add("/v1.1/gpu/info", Text);
        data.Add("/v1.1/gpu/info/json", Json);
        data.Add("/v1.1/gpu/status", Text);
        data.Add("/v1.1/gpu/status/json", Json);
        data.Add("/v1.1/gpu/health", Text);
        data.Add("/v1.1/gpu/health/json", Json);
        data.Add("/v1.1/gpu/topology/scores/json", Json);
        data.Add("/health", Text);
        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Get_Route_SendsV1ContentTypeExactly(string route, string contentType)
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100")));
        using var http = daemon.Http;

        using var reply = await http.GetAsync(route);

        Assert.Equal(route.Contains("dev=9", StringComparison.Ordinal) ? 400 : 200, (int)reply.StatusCode);
        Assert.Equal(contentType, Assert.Single(reply.Content.Headers.GetValues("Content-Type")));
    }
}
