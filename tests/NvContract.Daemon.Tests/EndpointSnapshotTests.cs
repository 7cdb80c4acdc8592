using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NvContract.Client;
using NvContract.Core.Simulation;
using Snapshooter;
using Snapshooter.Xunit;

namespace NvContract.Daemon.Tests;

/// <summary>Every endpoint's exact body, per simulated machine, read over TCP and through the SDK.</summary>
public class EndpointSnapshotTests
{
    public static TheoryData<string, string> Routes()
    {
        var data = new TheoryData<string, string>();
        foreach (var profile in SimulationProfiles.BuiltIn)
        {
            foreach (var route in new[] { "gpu/info", "gpu/info/json", "gpu/status", "gpu/status/json", "docker/cli", "docker/cli/json", "docker/cli?dev=1+0&vol=nvidia_driver" })
            {
                // The empty machine has no device to select: its 400 is asserted in BadRequestTests.
                if (profile != "empty" || !route.Contains("dev=", StringComparison.Ordinal))
                {
                    data.Add(profile, route);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Get_Route_MatchesSnapshotAndAliasAndSdk(string profile, string route)
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load(profile)));
        using var http = daemon.Http;

        var versioned = await http.GetAsync($"/v1.0/{route}");
        var body = await versioned.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)versioned.StatusCode);
        Assert.Equal(route.Contains("/json", StringComparison.Ordinal) ? "application/json" : "text/plain", versioned.Content.Headers.ContentType!.MediaType);

        // The unprefixed alias answers identically.
        Assert.Equal(body, await http.GetStringAsync($"/{route}"));

        // The generated SDK reads the same document back without losing a member.
        Assert.Equal(body, await ViaSdk(daemon.Client, route));

        Snapshot.Match(body, SnapshotNameExtension.Create(profile, route.Replace('/', '_').Replace('?', '_').Replace('&', '_').Replace('=', '-').Replace('+', '-')));
    }

    public static TheoryData<string, string> V11Routes()
    {
        var data = new TheoryData<string, string>();
        foreach (var profile in SimulationProfiles.BuiltIn)
        {
            foreach (var route in new[] { "gpu/info", "gpu/info/json", "gpu/status", "gpu/status/json" })
            {
                data.Add(profile, route);
            }
        }

        return data;
    }

    /// <summary>The v1.1 information and status, with MIG devices under their GPU; served at /v1.1 only.</summary>
    [Theory]
    [MemberData(nameof(V11Routes))]
    public async Task Get_V11Route_MatchesSnapshotAndSdk(string profile, string route)
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load(profile)));
        using var http = daemon.Http;

        var response = await http.GetAsync($"/v1.1/{route}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(route.Contains("/json", StringComparison.Ordinal) ? "application/json" : "text/plain", response.Content.Headers.ContentType!.MediaType);

        var viaSdk = route switch
        {
            "gpu/info" => await daemon.Client.GetGpuInfoV11(),
            "gpu/info/json" => Json(await daemon.Client.GetGpuInfoJsonV11()),
            "gpu/status" => await daemon.Client.GetGpuStatusV11(),
            "gpu/status/json" => Json(await daemon.Client.GetGpuStatusJsonV11()),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
        Assert.Equal(body, viaSdk);

        Snapshot.Match(body, SnapshotNameExtension.Create(profile, "v1.1_" + route.Replace('/', '_')));
    }

    private static async Task<string> ViaSdk(INvContractApi client, string route) => route switch
    {
        "gpu/info" => await client.GetGpuInfo(),
        "gpu/info/json" => Json(await client.GetGpuInfoJson()),
        "gpu/status" => await client.GetGpuStatus(),
        "gpu/status/json" => Json(await client.GetGpuStatusJson()),
        "docker/cli" => await client.GetDockerCli(),
        "docker/cli/json" => Json(await client.GetDockerCliJson()),
        "docker/cli?dev=1+0&vol=nvidia_driver" => await client.GetDockerCli(dev: "1 0", vol: "nvidia_driver"),
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };

    // The SDK's own types, re-encoded with the daemon's settings: the round trip loses nothing.
    private static readonly JsonSerializerOptions SdkJson = new(Daemon.Responses.V1Json.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, SdkJson) + "\n";
}
