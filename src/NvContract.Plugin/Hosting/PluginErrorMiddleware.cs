using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// A failure that is not a volume error (those are replies, see PluginReply.OrErr) is logged as
/// <c>Error: &lt;err&gt;</c> and answered with v1's plain-text 500 (§2.3); the socket keeps serving.
/// </summary>
internal sealed class PluginErrorMiddleware(RequestDelegate next, ILogger<PluginErrorMiddleware> logger)
{
    public const string InternalErrorBody = "internal error, check logs for details\n";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            // A body that is not JSON fails in the generated binding, before any operation runs.
            var message = e is BadHttpRequestException ? $"failed to decode the request body: {e.InnerException?.Message ?? e.Message}" : e.Message;
            logger.LogError("Error: {Error}", message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(InternalErrorBody);
        }
    }
}
