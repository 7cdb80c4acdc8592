namespace NvContract.Daemon.Hosting;

/// <summary>
/// Any failure inside a handler (an NVML error during a status read, say) is logged as
/// <c>Error: &lt;message&gt;</c> and answered with v1's 500 body; the daemon keeps serving (reference §2.3).
/// </summary>
public sealed class InternalErrorMiddleware(RequestDelegate next, ILogger<InternalErrorMiddleware> logger)
{
    public const string Body = "internal error, check logs for details\n";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError("Error: {Message}", e.Message);
            if (context.Response.HasStarted)
            {
                throw;
            }

            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(Body);
        }
    }
}
