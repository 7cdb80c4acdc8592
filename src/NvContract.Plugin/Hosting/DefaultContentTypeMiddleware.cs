using Microsoft.AspNetCore.Http;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// Docker posts JSON without a Content-Type; MVC's [FromBody] would answer 415, which Docker shows
/// as an empty error. Runs before routing and marks such bodies as JSON.
/// </summary>
internal static class DefaultContentTypeMiddleware
{
    public static Task Invoke(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method) && string.IsNullOrEmpty(context.Request.ContentType))
        {
            context.Request.ContentType = "application/json";
        }

        return next(context);
    }
}
