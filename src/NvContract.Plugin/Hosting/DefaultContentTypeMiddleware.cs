using Microsoft.AspNetCore.Http;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// Docker posts JSON without a Content-Type, and v1 decoded every body as JSON whatever it was
/// labelled (curl -d sends form encoding); a JSON body binding would answer 415, which Docker shows
/// as an empty error. Runs before routing and marks every POST body as JSON.
/// </summary>
internal static class DefaultContentTypeMiddleware
{
    public static Task Invoke(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.ContentType != "application/json")
        {
            context.Request.ContentType = "application/json";
        }

        return next(context);
    }
}
