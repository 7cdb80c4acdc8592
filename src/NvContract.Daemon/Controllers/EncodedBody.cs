using Microsoft.AspNetCore.Mvc;

namespace NvContract.Daemon.Controllers;

/// <summary>A body already encoded in the contract's format, written as is (no formatter, no copy).</summary>
public sealed class EncodedBody(byte[] body, string contentType) : ActionResult
{
    public const string Text = "text/plain; charset=utf-8";

    public const string Json = "application/json; charset=utf-8";

    public override Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
