using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NvContract.Hosting;

/// <summary>
/// v1's answer to any failure inside a handler, on the REST API and on the plugin socket alike (an
/// NVML error during a status read, a volume build that cannot read ld.so.cache, a request body
/// that is not JSON): logged as <c>Error: &lt;message&gt;</c>, answered with a plain-text 500
/// (docs/v1-compatibility.md §2.3), and the daemon keeps serving. Plugin volume errors are not
/// failures: they are
/// replies with <c>Err</c> set.
/// </summary>
/// <remarks>
/// Owned by neither host: the source file is compiled into the plugin and the daemon alike, so
/// each has its own internal copy.
/// </remarks>
internal sealed class InternalErrorMiddleware(RequestDelegate next, ILogger<InternalErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A body that is not JSON fails in the generated binding, before any operation runs.
            logger.LogError("Error: {Message}", e is BadHttpRequestException ? $"failed to decode the request body: {e.InnerException?.Message ?? e.Message}" : e.Message);
            if (context.Response.HasStarted)
            {
                throw;
            }

            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = EncodedBody.Text;
            await context.Response.WriteAsync("internal error, check logs for details\n");
        }
    }
}
