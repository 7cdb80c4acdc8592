using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Docker;
using NvContract.Daemon.Hosting;
using NvContract.Plugin.Tests.Support;
using NvContract.Testing;

namespace NvContract.Plugin.Tests;

/// <summary>
/// Both listeners match request targets as v1's Go server did: paths exactly as the contract spells
/// them (case-sensitive, no trailing-slash aliases), other methods 404, unclean paths redirected to
/// the clean one, the target <c>*</c> refused with 400. Raw requests, so nothing between
/// the test and the wire normalises the target.
/// </summary>
public class RouteMatchingTests
{
    private const string NotFound = "404 page not found\n";

    /// <summary>method, target, status, Location (301 only), body.</summary>
    public static TheoryData<string, string, int, string?, string?> RestRows => new()
    {
        { "GET", "/gpu/info", 200, null, null },
        { "GET", "/v1.0/gpu/info/json", 200, null, null },
        { "GET", "/v1.0/gpu/info?x", 200, null, null },
        { "GET", "/docker/cli?vol=nvidia_driver", 200, null, null },
        { "GET", "/openapi.yaml", 200, null, null },
        { "GET", "/GPU/INFO", 404, null, NotFound },
        { "GET", "/Gpu/Info/Json", 404, null, NotFound },
        { "GET", "/v1.0/GPU/info", 404, null, NotFound },
        { "GET", "/V1.0/gpu/info", 404, null, NotFound },
        { "GET", "/gpu/info/", 404, null, NotFound },
        { "GET", "/v1.0/gpu/info/", 404, null, NotFound },
        { "GET", "/gpu/info/json/", 404, null, NotFound },
        { "GET", "/mesos/cli/", 404, null, NotFound },
        { "GET", "/OPENAPI.YAML", 404, null, NotFound },
        { "GET", "/", 404, null, NotFound },
        { "GET", "/gpu", 404, null, NotFound },
        { "POST", "/gpu/info", 404, null, NotFound },
        { "PUT", "/v1.0/docker/cli", 404, null, NotFound },
        { "HEAD", "/gpu/status", 404, null, null },
        { "GET", "/v1.1/gpu/info/json", 200, null, null },
        { "GET", "/health", 200, null, null },
        { "GET", "/v1.1/gpu/info/json/", 404, null, NotFound },
        { "GET", "/V1.1/gpu/info", 404, null, NotFound },
        { "GET", "/v1.1/GPU/status", 404, null, NotFound },
        { "GET", "/v1.1/gpu/health/", 404, null, NotFound },
        { "GET", "/v1.1/cdi/spec/", 404, null, NotFound },
        { "GET", "/v1.1/Docker/cli", 404, null, NotFound },
        { "GET", "/metrics/", 404, null, NotFound },
        { "GET", "/Metrics", 404, null, NotFound },
        { "GET", "/health/", 404, null, NotFound },
        { "GET", "/HEALTH", 404, null, NotFound },
        // v1.1 routes exist at their one path only, and 1.0's routes are not repeated under /v1.1.
        { "GET", "/v1.0/metrics", 404, null, NotFound },
        { "GET", "/v1.1/mesos/cli", 404, null, NotFound },
        { "GET", "/gpu/health", 404, null, NotFound },
        { "GET", "/v1.0//gpu/info", 301, "/v1.0/gpu/info", "<a href=\"/v1.0/gpu/info\">Moved Permanently</a>.\n\n" },
        { "GET", "//gpu/info?dev=0&vol=x", 301, "/gpu/info?dev=0&vol=x", "<a href=\"/gpu/info?dev=0&amp;vol=x\">Moved Permanently</a>.\n\n" },
        { "GET", "/v1.0/./gpu/info", 301, "/v1.0/gpu/info", "<a href=\"/v1.0/gpu/info\">Moved Permanently</a>.\n\n" },
        { "GET", "/v1.0/gpu/../gpu/info/", 301, "/v1.0/gpu/info/", "<a href=\"/v1.0/gpu/info/\">Moved Permanently</a>.\n\n" },
    };

    [Theory]
    [MemberData(nameof(RestRows))]
    public async Task RestListener_Target_AnsweredAsGoServeMux(string method, string target, int status, string? location, string? body)
    {
        await using var rest = await StartRestAsync();

        var reply = await RawHttp.SendAsync(rest.Endpoint, $"{method} {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");

        Assert.Equal(status, reply.Status);
        AssertGoReply(reply, status, location, body);
    }

    /// <summary>method, target, status, Location (301 only), body.</summary>
    public static TheoryData<string, string, int, string?, string?> PluginRows => new()
    {
        { "POST", "/Plugin.Activate", 200, null, null },
        { "POST", "/VolumeDriver.Capabilities?x", 200, null, null },
        { "POST", "/VolumeDriver.Create/", 404, null, NotFound },
        { "POST", "/volumedriver.create", 404, null, NotFound },
        { "POST", "/VOLUMEDRIVER.LIST", 404, null, NotFound },
        { "POST", "/Plugin.Activate/", 404, null, NotFound },
        { "POST", "/plugin.activate", 404, null, NotFound },
        { "GET", "/Plugin.Activate", 404, null, NotFound },
        { "POST", "//Plugin.Activate", 301, "/Plugin.Activate", null },
        { "POST", "/VolumeDriver.List/.", 301, "/VolumeDriver.List", null },
    };

    [Theory]
    [MemberData(nameof(PluginRows))]
    public async Task PluginSocket_Target_AnsweredAsGoServeMux(string method, string target, int status, string? location, string? body)
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.SendAsync(target, method == "POST" ? "{}" : null, method: method);

        Assert.Equal(status, reply.Status);
        AssertGoReply(reply, status, location, body);
    }

    [Theory]
    [InlineData("OPTIONS")]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task RestListener_AsteriskTarget_EmptyBadRequestAsV1(string method)
    {
        await using var rest = await StartRestAsync();

        var reply = await RawHttp.SendAsync(rest.Endpoint, $"{method} * HTTP/1.1\r\nHost: localhost\r\n\r\n");

        AssertAsteriskRefused(reply);
    }

    [Theory]
    [InlineData("OPTIONS")]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task PluginSocket_AsteriskTarget_EmptyBadRequestAsV1(string method)
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await RawHttp.SendAsync(host.SocketPath, $"{method} * HTTP/1.1\r\nHost: \r\n\r\n");

        AssertAsteriskRefused(reply);
    }

    private static void AssertAsteriskRefused(RawHttp.Reply reply)
    {
        Assert.Equal(400, reply.Status);
        Assert.Equal("0", reply.Headers["Content-Length"]);
        Assert.Equal("close", reply.Headers["Connection"]);
        Assert.Equal(string.Empty, reply.Body);
    }

    private static void AssertGoReply(RawHttp.Reply reply, int status, string? location, string? body)
    {
        if (status == 301)
        {
            Assert.Equal(location, reply.Headers["Location"]);
            Assert.Equal(body is null ? "text/plain; charset=utf-8" : "text/html; charset=utf-8", reply.Headers["Content-Type"]);
        }
        else if (status == 404)
        {
            Assert.Equal("text/plain; charset=utf-8", reply.Headers["Content-Type"]);
        }

        if (body is not null || status != 200)
        {
            Assert.Equal(body ?? string.Empty, reply.Body);
        }
    }

    private static async Task<RunningRest> StartRestAsync()
    {
        var rest = RestServer.Build(ListenAddress.Parse("127.0.0.1:0"), new FakeGpuSource("550.54.15"), new DeviceNodes("/"), NullLoggerFactory.Instance);
        await rest.StartAsync();
        var address = new Uri(rest.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new RunningRest(rest, new IPEndPoint(IPAddress.Parse(address.Host), address.Port));
    }

    private sealed record RunningRest(Microsoft.AspNetCore.Builder.WebApplication App, IPEndPoint Endpoint) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
