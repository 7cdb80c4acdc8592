using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NvContract.Plugin.Contract;
using NvContract.Plugin.Generated;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// Runs after <see cref="PluginRequestGuard"/>: reads the whole request body before the operation
/// binds it. Kestrel stops reading past <see cref="PluginLimits.MaxBodyBytes"/>, whether the body
/// has a Content-Length or is chunked; such a request gets 413 with the reason in <c>Err</c> (which
/// Docker shows) and the log line <c>Refused &lt;path&gt;: request body too large …</c>, and no
/// operation runs.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, ILogger<RequestBodyLimit> logger)
{
    public static readonly string TooLarge = $"request body too large: over {PluginLimits.MaxBodyBytes} bytes";

    public async Task InvokeAsync(HttpContext context)
    {
        var body = new MemoryStream(context.Request.ContentLength is > 0 and <= PluginLimits.MaxBodyBytes and var length ? (int)length : 0);
        try
        {
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            logger.LogWarning("Refused {Path}: {Reason}", context.Request.Path.Value, TooLarge);
            await PluginReply.Encode(new ErrResponse { Err = TooLarge }, PluginJson.Types.ErrResponse, StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
            return;
        }

        body.Position = 0;
        context.Request.Body = body;
        await next(context);
    }
}
