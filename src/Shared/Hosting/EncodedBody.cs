using Microsoft.AspNetCore.Http;

namespace NvContract.Hosting;

/// <summary>
/// A body already encoded in its contract's format, written as is (no serializer, no copy): every
/// REST answer and every plugin reply. The content type is the contract's: v1's text and JSON types
/// below on the REST API, <c>application/vnd.docker.plugins.v1+json</c> on the plugin socket.
/// </summary>
/// <remarks>
/// Owned by neither host: the source file is compiled into the plugin and the daemon alike, so
/// each has its own internal copy.
/// </remarks>
internal sealed class EncodedBody(byte[] body, string contentType, int statusCode = StatusCodes.Status200OK) : IResult
{
    /// <summary>v1's text Content-Type (Go sniffed it from the body).</summary>
    public const string Text = "text/plain; charset=utf-8";

    /// <summary>v1's JSON Content-Type, exactly: no charset parameter (JSON is UTF-8 by definition).</summary>
    public const string Json = "application/json";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>The body as a completed task, which is what the generated operations return.</summary>
    public Task<IResult> AsTask() => Task.FromResult<IResult>(this);
}
