using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;
using NvContract.Core.Gpu;
using NvContract.Core.Sockets;
using NvContract.Core.Volumes;
using NvContract.Hosting;
using NvContract.Plugin.Contract;
using NvContract.Plugin.Controllers;
using NvContract.Plugin.Generated;
using NvContract.Plugin.Hosting;

namespace NvContract.Plugin;

/// <summary>
/// The Docker volume plugin as its own web host on a unix socket, apart from the REST host: it
/// routes only the plugin operations, and nothing else routes them.
/// </summary>
/// <example>
/// <code>
/// var plugin = PluginServer.Build(new() { SocketDirectory = s, VolumesDirectory = d }, gpus, loggerFactory);
/// await PluginServer.StartAsync(plugin);   // logs "Serving plugin API at &lt;s&gt;", then binds
/// ...
/// await plugin.StopAsync();                // removes the socket
/// </code>
/// </example>
public static class PluginServer
{
    /// <summary>
    /// Builds the plugin host. Logs v1's <c>Provisioning volumes at &lt;-d&gt;</c> and refuses a
    /// <c>-d</c> inside the driver's own folders. Nothing listens until <see cref="StartAsync"/>.
    /// </summary>
    /// <exception cref="VolumesInsideDriverFolderException">The volumes folder is inside a driver folder.</exception>
    public static WebApplication Build(PluginServerOptions options, IGpuSource gpus, ILoggerFactory loggerFactory)
    {
        // An empty builder: no configuration sources (ASPNETCORE_URLS cannot add a TCP listener),
        // no console lifetime (the daemon owns the signals), Kestrel on the unix socket only.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(PluginServer).Assembly.GetName().Name });
        var socket = new UnixSocketFile(options.SocketPath);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = PluginLimits.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = PluginLimits.MaxHeaderBytes;
            AsteriskTarget.Refuse(k);
            k.ListenUnixSocket(options.SocketPath);
        });
        // Kestrel listens on the socket StartAsync has bound by UnixSocketFile's rules.
        builder.Services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = _ => socket.CreateListenSocket());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(socket);
        builder.Services.AddSingleton(sp => new DriverDiscovery(options.DriverRoot, options.SearchPath, sp.GetRequiredService<ILogger<DriverDiscovery>>()));
        builder.Services.AddSingleton(sp => new DriverVolumes(
            options.VolumesDirectory, sp.GetRequiredService<DriverDiscovery>(), gpus, sp.GetRequiredService<ILogger<DriverVolumes>>()));

        builder.Services.AddSingleton<PluginControllerBase, PluginController>();
        builder.Services.AddSingleton<VolumeDriverControllerBase, VolumeDriverController>();
        // Request bodies are read by the generated bindings with the protocol's JSON metadata; a
        // body that is not JSON throws, so that it is logged and answered like v1 (500).
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, PluginJson.Types));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        var app = builder.Build();
        // After the listener has closed, and only while the file is still this socket.
        app.Lifetime.ApplicationStopped.Register(socket.Remove);
        app.Use(DefaultContentTypeMiddleware.Invoke);
        app.UseMiddleware<InternalErrorMiddleware>();
        app.Use(GoServeMux.BeforeRouting);
        app.UseRouting();
        app.Use(GoServeMux.AfterRouting);
        app.UseMiddleware<PluginRequestGuard>();
        app.UseMiddleware<RequestBodyLimit>();
        PluginControllerBase.MapEndpoints(app);
        VolumeDriverControllerBase.MapEndpoints(app);

        var logger = loggerFactory.CreateLogger(typeof(PluginServer));
        logger.LogInformation("Provisioning volumes at {VolumesDirectory}", options.VolumesDirectory);
        try
        {
            app.Services.GetRequiredService<DriverVolumes>().EnsureOutsideDriverFolders();
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        return app;
    }

    /// <summary>
    /// Logs v1's <c>Serving plugin API at &lt;-s&gt;</c> (before binding, so it shows even when
    /// binding fails), creates the socket folder (mode 0700) if missing, binds the socket, removes
    /// unfinished volume builds left by a crash and starts serving. A socket left by a killed
    /// daemon is replaced; a socket another daemon answers on, or a file that is not a socket, is
    /// left alone and the start fails (<see cref="UnixSocketFile"/>), before anything in the
    /// volumes folder is touched. The socket file is removed when the host stops.
    /// </summary>
    /// <exception cref="IOException">The socket cannot be bound: <c>listen unix PATH: bind: address already in use</c>.</exception>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<PluginServerOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PluginServer));
        logger.LogInformation("Serving plugin API at {SocketDirectory}", options.SocketDirectory);
        // The mode applies only when the folder is created; an existing folder is left as it is.
        Directory.CreateDirectory(options.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        app.Services.GetRequiredService<UnixSocketFile>().Bind();

        // Only once the socket is this daemon's: a second daemon on the same folders, refused
        // above, must not delete the builds the first one has in progress. Requests wait in the
        // socket's backlog until the host starts.
        app.Services.GetRequiredService<DriverVolumes>().CleanStale();
        await app.StartAsync(cancellationToken);
    }
}
