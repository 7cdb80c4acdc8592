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

/// <summary>The plugin protocol is reachable on its socket only; the REST API on its listener only.</summary>
public class HostIsolationTests
{
    [Theory]
    [InlineData("/Plugin.Activate")]
    [InlineData("/VolumeDriver.Create")]
    [InlineData("/VolumeDriver.List")]
    public async Task RestHost_PluginRoute_404(string path)
    {
        await using var rest = RestServer.Build(ListenAddress.Parse("127.0.0.1:0"), new FakeGpuSource("550.54.15"), new DeviceNodes("/"), NullLoggerFactory.Instance);
        await rest.StartAsync();
        var address = rest.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{\"Name\":\"nvidia_driver_550.54.15\"}\n") };
        request.Headers.Add("Accept", UnixSocketHttp.DockerAccept);

        using var reply = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        await rest.StopAsync();
    }

    [Theory]
    [InlineData("GET", "/v1.0/gpu/info/json")]
    [InlineData("GET", "/docker/cli")]
    [InlineData("GET", "/openapi.yaml")]
    [InlineData("POST", "/gpu/status")]
    public async Task PluginSocket_RestRoute_404(string method, string path)
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.SendAsync(path, method == "POST" ? "{}" : null, method: method);

        Assert.Equal(404, reply.Status);
    }
}
