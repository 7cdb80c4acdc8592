using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;
using NvContract.Core.Gpu;
using NvContract.Core.Volumes;
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
    /// Builds the plugin host. Logs v1's <c>Provisioning volumes at &lt;-d&gt;</c>, refuses a
    /// <c>-d</c> inside the driver's own folders and removes unfinished volume builds left by a
    /// crash. Nothing listens until <see cref="StartAsync"/>.
    /// </summary>
    /// <exception cref="VolumesInsideDriverFolderException">The volumes folder is inside a driver folder.</exception>
    public static WebApplication Build(PluginServerOptions options, IGpuSource gpus, ILoggerFactory loggerFactory)
    {
        // An empty builder: no configuration sources (ASPNETCORE_URLS cannot add a TCP listener),
        // no console lifetime (the daemon owns the signals), Kestrel on the unix socket only.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(PluginServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = PluginLimits.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = PluginLimits.MaxHeaderBytes;
            k.ListenUnixSocket(options.SocketPath);
        });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        builder.Services.AddSingleton(options);
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
            var volumes = app.Services.GetRequiredService<DriverVolumes>();
            volumes.EnsureOutsideDriverFolders();
            volumes.CleanStale();
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
    /// binding fails), creates the socket folder (mode 0700) if missing, replaces a stale socket and
    /// starts listening. The socket file is removed when the host stops.
    /// </summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<PluginServerOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PluginServer));
        logger.LogInformation("Serving plugin API at {SocketDirectory}", options.SocketDirectory);
        // The mode applies only when the folder is created; an existing folder is left as it is.
        Directory.CreateDirectory(options.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        DeleteSocket(options.SocketPath);
        app.Lifetime.ApplicationStopped.Register(() => DeleteSocket(options.SocketPath));
        await app.StartAsync(cancellationToken);
    }

    private static void DeleteSocket(string path)
    {
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path);
        }
    }
}
