using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NvContract.Core.Sockets;

namespace NvContract.DevicePlugin;

/// <summary>The DevicePlugin gRPC service as its own web host: HTTP/2 on the plugin's unix socket, nothing else.</summary>
internal static class DevicePluginServer
{
    /// <summary>Builds the host; it serves on <paramref name="socket"/> (bound by then, or bound when started).</summary>
    public static WebApplication Build(UnixSocketFile socket, Func<IServiceProvider, GpuDevicePluginService> service, ILoggerFactory loggerFactory)
    {
        // An empty builder: no configuration sources, no console lifetime (the daemon owns the
        // signals), Kestrel on the unix socket only.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(DevicePluginServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // gRPC without TLS: HTTP/2 with prior knowledge, as the kubelet dials it.
            k.ListenUnixSocket(socket.Path, l => l.Protocols = HttpProtocols.Http2);
        });

        // The socket file is bound by the daemon's rules: never over another program's file or live socket.
        builder.Services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = _ => socket.CreateListenSocket());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(service);

        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<GpuDevicePluginService>();
        return app;
    }
}
