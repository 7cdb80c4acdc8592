using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using NvContract.Plugin.Contract;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// Runs after routing. A request that reaches no plugin action (unknown path, or a method other
/// than POST) gets Go's <c>404 page not found</c>, as v1's mux answered. A request to a plugin
/// action must accept plugin API v1.1 or v1.2 (exact compare, docs/v1-compatibility.md §2.1),
/// else 406 with an empty
/// body and the log line <c>Unsupported plugin API &lt;value&gt;</c>.
/// </summary>
internal sealed class PluginRequestGuard(RequestDelegate next, ILogger<PluginRequestGuard> logger)
{
    public const string NotFoundBody = "404 page not found\n";

    public async Task InvokeAsync(HttpContext context)
    {
        // Routing's own "405" endpoint for a wrong method has no operation name.
        if (context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>() is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(NotFoundBody);
            return;
        }

        var accept = context.Request.Headers.Accept.ToString();
        if (!PluginMediaTypes.Accepted.Contains(accept, StringComparer.Ordinal))
        {
            logger.LogWarning("Unsupported plugin API {Accept}", accept);
            context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            context.Response.ContentLength = 0;
            return;
        }

        await next(context);
    }
}
