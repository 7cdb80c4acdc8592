using NvContract.Api.Generated;
using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Daemon.Controllers;
using NvContract.Daemon.Json;
using NvContract.Plugin.Hosting;

namespace NvContract.Daemon.Hosting;

/// <summary>The REST API host: the generated controllers' implementations, the OpenAPI documents, nothing else.</summary>
public static class RestServer
{
    /// <param name="statusMaxAge">How old a status sample shared by concurrent requests may be; zero reads live.</param>
    /// <param name="cdi">What /v1.1 serves; by default the spec of <paramref name="gpus"/> and the host's driver, kind <c>nvidia.com/gpu</c>, without a hook.</param>
    public static WebApplication Build(ListenAddress address, IGpuSource gpus, DeviceNodes deviceNodes, ILoggerFactory loggerFactory, TimeSpan statusMaxAge = default, CdiGenerator? cdi = null)
    {
        // An empty builder: no configuration sources (ASPNETCORE_URLS cannot add a listener), no
        // console lifetime (the daemon owns the signals), Kestrel on the one address of -l.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(RestServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(address.Configure);
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(gpus);
        builder.Services.AddSingleton(deviceNodes);
        builder.Services.AddSingleton(new GpuStatusSampler(gpus, statusMaxAge));
        builder.Services.AddSingleton<ResponseBodies>();
        builder.Services.AddSingleton<GpuControllerBase, GpuController>();
        builder.Services.AddSingleton<DockerControllerBase, DockerController>();
        builder.Services.AddSingleton<MesosControllerBase, MesosController>();
        builder.Services.AddSingleton(cdi ?? new CdiGenerator(
            CdiKind.Default, null, gpus, new DriverDiscovery("/", Environment.GetEnvironmentVariable("PATH"), loggerFactory.CreateLogger<DriverDiscovery>()), deviceNodes, null));
        builder.Services.AddSingleton<CdiControllerBase, CdiController>();
        // The OpenAPI document describes the JSON bodies from the same generated metadata.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, V1Json.Types));
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseMiddleware<InternalErrorMiddleware>();
        app.UseRouting();
        GpuControllerBase.MapEndpoints(app);
        DockerControllerBase.MapEndpoints(app);
        MesosControllerBase.MapEndpoints(app);
        CdiControllerBase.MapEndpoints(app);
        app.MapOpenApi();
        app.MapGet("/openapi.yaml", ServeContract).ExcludeFromDescription();
        return app;
    }

    /// <summary>The contract the controllers were generated from, as written.</summary>
    private static IResult ServeContract()
    {
        var stream = typeof(RestServer).Assembly.GetManifestResourceStream("openapi.yaml")!;
        return Results.Stream(stream, "application/yaml; charset=utf-8");
    }
}
