using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using NvContract.Api.Generated;
using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Metrics;
using NvContract.Core.Sockets;
using NvContract.Daemon.Controllers;
using NvContract.Daemon.Responses;
using NvContract.Daemon.Security;
using NvContract.Hosting;
using NvContract.Plugin.Hosting;

namespace NvContract.Daemon.Hosting;

/// <summary>The REST API host: the generated controllers' implementations, the OpenAPI documents, nothing else.</summary>
public static class RestServer
{
    /// <summary>How old the metrics sample may be when <c>--status-max-age</c> is 0: a scrape never reads the driver itself.</summary>
    public static readonly TimeSpan LiveMetricsMaxAge = TimeSpan.FromMilliseconds(250);

    /// <param name="statusMaxAge">How old a status sample shared by concurrent requests may be; zero reads live.</param>
    /// <param name="monitoring">The health monitor and /proc root; null reports every GPU unwatched (no event watch runs).</param>
    /// <param name="metricNaming">How /metrics names dcgm-exporter's families and labels.</param>
    /// <param name="cdi">What /v1.1 serves; by default the spec of <paramref name="gpus"/> and the host's driver, kind <c>nvidia.com/gpu</c>, without a hook.</param>
    /// <param name="access">TLS, bearer tokens and the audit of refused clients; null serves plain HTTP to anyone, as v1.</param>
    public static WebApplication Build(ListenAddress address, IGpuSource gpus, DeviceNodes deviceNodes, ILoggerFactory loggerFactory, TimeSpan statusMaxAge = default, Monitoring? monitoring = null, MetricNaming metricNaming = MetricNaming.Dcgm, CdiGenerator? cdi = null, RemoteAccess? access = null)
    {
        // An empty builder: no configuration sources (ASPNETCORE_URLS cannot add a listener), no
        // console lifetime (the daemon owns the signals), Kestrel on the one address of -l.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(RestServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            RestLimits.Apply(k);
            AsteriskTarget.Refuse(k);
            address.Configure(k, access is null ? null : access.Configure);
        });
        var socket = address.UnixSocketPath is { } path ? new UnixSocketFile(path) : null;
        if (socket is not null)
        {
            // Bound when the server starts, by the plugin socket's rules.
            builder.Services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = _ => socket.CreateListenSocket());
        }

        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(gpus);
        builder.Services.AddSingleton(deviceNodes);
        var migNodes = new Core.Mig.MigDeviceNodes(monitoring?.ProcRoot ?? "/");
        builder.Services.AddSingleton(migNodes);
        var statuses = new GpuStatusSampler(gpus, statusMaxAge);
        var health = monitoring?.Health ?? Unwatched(gpus, loggerFactory);
        var metrics = new MetricsSampler(
            gpus,
            statuses,
            statusMaxAge > TimeSpan.Zero ? statusMaxAge : LiveMetricsMaxAge,
            new ContainerIds(monitoring?.ProcRoot ?? "/"),
            loggerFactory.CreateLogger(Logging.ProgramName.Default));
        builder.Services.AddSingleton(statuses);
        builder.Services.AddSingleton(health);
        builder.Services.AddSingleton(new MetricsExposition(gpus, metrics, health, Environment.MachineName, metricNaming));
        builder.Services.AddSingleton<ResponseBodies>();
        builder.Services.AddSingleton<GpuControllerBase, GpuController>();
        builder.Services.AddSingleton<MigControllerBase, MigController>();
        builder.Services.AddSingleton<DockerControllerBase, DockerController>();
        builder.Services.AddSingleton<MesosControllerBase, MesosController>();
        builder.Services.AddSingleton<MetricsControllerBase, MetricsController>();
        builder.Services.AddSingleton<HealthControllerBase, HealthController>();
        builder.Services.AddSingleton<TopologyControllerBase, TopologyController>();
        builder.Services.AddSingleton(cdi ?? new CdiGenerator(
            CdiKind.Default, null, gpus, new DriverDiscovery("/", Environment.GetEnvironmentVariable("PATH"), loggerFactory.CreateLogger<DriverDiscovery>()), deviceNodes, migNodes, null));
        builder.Services.AddSingleton<CdiControllerBase, CdiController>();
        // The OpenAPI document describes the JSON bodies from the same generated metadata.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, V1Json.Types));
        builder.Services.AddOpenApi();

        var app = builder.Build();
        // After the listener has closed, and only while the file is still this socket.
        app.Lifetime.ApplicationStopped.Register(() => socket?.Remove());
        if (access?.Tokens is { } tokens)
        {
            app.Use(BearerTokenCheck.Middleware(tokens, access.Audit));
        }

        if (address.IsLoopback)
        {
            app.Use(LoopbackHost.Invoke);
        }

        app.UseMiddleware<InternalErrorMiddleware>();
        app.Use(GoServeMux.BeforeRouting);
        app.UseRouting();
        app.Use(GoServeMux.AfterRouting);
        GpuControllerBase.MapEndpoints(app);
        MigControllerBase.MapEndpoints(app);
        DockerControllerBase.MapEndpoints(app);
        MesosControllerBase.MapEndpoints(app);
        MetricsControllerBase.MapEndpoints(app);
        HealthControllerBase.MapEndpoints(app);
        TopologyControllerBase.MapEndpoints(app);
        CdiControllerBase.MapEndpoints(app);
        app.MapOpenApi();
        app.MapGet("/openapi.yaml", ServeContract).ExcludeFromDescription();
        return app;
    }

    private static Core.Health.GpuHealthMonitor Unwatched(IGpuSource gpus, ILoggerFactory loggerFactory)
    {
        var health = new Core.Health.GpuHealthMonitor(
            gpus.Devices.Select(d => d.Uuid).ToList(), Core.Health.XidPolicy.BuiltIn, TimeSpan.Zero, loggerFactory.CreateLogger(Logging.ProgramName.Default));
        for (var i = 0; i < gpus.Devices.Count; i++)
        {
            health.Unwatched(i, "no event watch runs");
        }

        return health;
    }

    /// <summary>The contract the controllers were generated from, as written.</summary>
    private static IResult ServeContract()
    {
        var stream = typeof(RestServer).Assembly.GetManifestResourceStream("openapi.yaml")!;
        return Results.Stream(stream, "application/yaml; charset=utf-8");
    }
}
