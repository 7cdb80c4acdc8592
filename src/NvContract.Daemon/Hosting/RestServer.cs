using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Formatters;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Daemon.Controllers;
using NvContract.Daemon.Json;

namespace NvContract.Daemon.Hosting;

/// <summary>The REST API host: the generated controllers' implementations, the OpenAPI documents, nothing else.</summary>
public static class RestServer
{
    /// <param name="statusMaxAge">How old a status sample shared by concurrent requests may be; zero reads live.</param>
    public static WebApplication Build(ListenAddress address, IGpuSource gpus, DeviceNodes deviceNodes, ILoggerFactory loggerFactory, TimeSpan statusMaxAge = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(RestServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(address.Configure);
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.Services.AddRouting();
        builder.Services.AddSingleton(gpus);
        builder.Services.AddSingleton(deviceNodes);
        builder.Services.AddSingleton(new GpuStatusSampler(gpus, statusMaxAge));
        builder.Services.AddSingleton<ResponseBodies>();
        // MVC's core and the API explorer the OpenAPI document needs: none of the authorization,
        // CORS, data annotations and format mappings AddControllers adds (each costs start-up time).
        builder.Services
            .AddMvcCore(o =>
            {
                // v1 ignored Accept: text routes always answer text/plain, JSON routes application/json.
                o.OutputFormatters.Clear();
                o.OutputFormatters.Add(new V1JsonOutputFormatter());
                o.OutputFormatters.Add(new StringOutputFormatter());
                o.ReturnHttpNotAcceptable = false;
            })
            .ConfigureApplicationPartManager(parts =>
            {
                // Only this daemon's REST controllers; the plugin protocol lives on its own socket.
                parts.ApplicationParts.Clear();
                parts.ApplicationParts.Add(new AssemblyPart(typeof(GpuController).Assembly));
            })
            .AddApiExplorer();
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseMiddleware<InternalErrorMiddleware>();
        app.UseRouting();
        app.MapControllers();
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
