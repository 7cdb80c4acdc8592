using System.Threading.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NvContract.DevicePlugin.V1Beta1;

namespace NvContract.DevicePlugin.Tests;

/// <summary>
/// A kubelet as far as a device plugin can tell: the Registration service on kubelet.sock in a
/// device-plugin folder (from the same contract, through the generated server base), and the
/// generated DevicePlugin client to the socket a plugin registers. It restarts the way a kubelet
/// does: every socket in the folder is deleted, then kubelet.sock is created anew.
/// </summary>
internal sealed class KubeletStandIn : IAsyncDisposable
{
    private readonly Channel<RegisterRequest> _registrations = Channel.CreateUnbounded<RegisterRequest>();
    private WebApplication? _server;

    private KubeletStandIn(string directory) => Directory = directory;

    public string Directory { get; }

    public string SocketPath => Path.Join(Directory, "kubelet.sock");

    /// <summary>While set, registrations are refused with this reason (as a kubelet refuses a taken resource name).</summary>
    public string? RejectWith { get; set; }

    public static async Task<KubeletStandIn> StartAsync(string directory)
    {
        var kubelet = new KubeletStandIn(directory);
        await kubelet.ListenAsync();
        return kubelet;
    }

    /// <summary>The next registration the plugin sent (refused ones included).</summary>
    public async Task<RegisterRequest> NextRegistrationAsync(TimeSpan within) =>
        await _registrations.Reader.ReadAsync().AsTask().WaitAsync(within);

    /// <summary>Whether a registration arrived that has not been read.</summary>
    public bool HasUnreadRegistration => _registrations.Reader.TryPeek(out _);

    /// <summary>A client of the plugin at <paramref name="endpoint"/>, as the kubelet dials it after a registration.</summary>
    public (V1Beta1.DevicePlugin.DevicePluginClient Client, IDisposable Channel) Dial(string endpoint)
    {
        var channel = UnixSocketChannel.Open(Path.Join(Directory, endpoint));
        return (new V1Beta1.DevicePlugin.DevicePluginClient(channel), channel);
    }

    /// <summary>What a kubelet restart does to the folder: stop, delete every socket, listen on a new kubelet.sock.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            File.Delete(file);
        }

        await ListenAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task ListenAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.ListenUnixSocket(SocketPath, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new RegistrationService(this));
        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<RegistrationService>();
        await app.StartAsync();
        _server = app;
    }

    private async Task StopAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync();
            await server.DisposeAsync();
        }
    }

    private sealed class RegistrationService(KubeletStandIn kubelet) : Registration.RegistrationBase
    {
        public override Task<Empty> Register(RegisterRequest request, ServerCallContext context)
        {
            kubelet._registrations.Writer.TryWrite(request);
            return kubelet.RejectWith is { } reason
                ? throw new RpcException(new Status(StatusCode.Unknown, reason))
                : Task.FromResult(new Empty());
        }
    }
}
