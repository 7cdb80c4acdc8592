using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Client;
using NvContract.Core.Docker;
using NvContract.Core.Simulation;
using NvContract.Daemon.Hosting;
using NvContract.Daemon.Security;

namespace NvContract.Samples.Tests;

/// <summary>The daemon's REST server in this process, on simulated GPUs: a free loopback port or a unix socket.</summary>
public sealed class SimulatedDaemon : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _tempDir;

    private SimulatedDaemon(WebApplication app, string address, string? tempDir)
    {
        _app = app;
        Address = address;
        _tempDir = tempDir;
    }

    /// <summary>The address as the fleet sample takes it.</summary>
    public string Address { get; }

    /// <summary>A plain client for the daemon's raw JSON, independent of the SDK the sample uses.</summary>
    public HttpClient Http => _tempDir is null
        ? new HttpClient { BaseAddress = new Uri(Address) }
        : new HttpClient(NvContractClient.UnixSocketHandler(Address["unix:".Length..])) { BaseAddress = new Uri("http://localhost") };

    /// <param name="access">TLS and tokens; null serves plain HTTP.</param>
    public static async Task<SimulatedDaemon> StartTcpAsync(string profile, RemoteAccess? access = null)
    {
        var app = Build("127.0.0.1:0", profile, access);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new SimulatedDaemon(app, address, null);
    }

    public static async Task<SimulatedDaemon> StartUnixAsync(string profile)
    {
        var dir = Directory.CreateTempSubdirectory("nvc-fleet-").FullName;
        var address = $"unix:{Path.Join(dir, "api.sock")}";
        var app = Build(address, profile);
        await app.StartAsync();
        return new SimulatedDaemon(app, address, dir);
    }

    private static WebApplication Build(string listen, string profile, RemoteAccess? access = null) =>
        RestServer.Build(ListenAddress.Parse(listen), new SimulatedGpuSource(SimulationProfiles.Load(profile)), new DeviceNodes("/"), NullLoggerFactory.Instance, access: access);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_tempDir is not null)
        {
            Directory.Delete(_tempDir, recursive: true);
        }
    }
}
