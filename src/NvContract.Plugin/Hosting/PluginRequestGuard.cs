using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NvContract.Plugin.Contract;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// Runs after routing, once <see cref="GoServeMux.AfterRouting"/> has answered every request that
/// reaches no plugin action (unknown path, or a method other than POST) with Go's 404. A request to
/// a plugin action must accept plugin API v1.1 or v1.2 (exact compare, docs/v1-compatibility.md §2.1), else 406 with an
/// empty body and the log line <c>Unsupported plugin API &lt;value&gt;</c>.
/// </summary>
internal sealed class PluginRequestGuard(RequestDelegate next, ILogger<PluginRequestGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
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
