namespace NvContract.Daemon.Controllers;

/// <summary>A body already encoded in the contract's format, written as is (no serializer, no copy).</summary>
public sealed class EncodedBody(byte[] body, string contentType, int statusCode = StatusCodes.Status200OK) : IResult
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
