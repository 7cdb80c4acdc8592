namespace NvContract.Daemon.Controllers;

/// <summary>A body already encoded in the contract's format, written as is (no serializer, no copy).</summary>
public sealed class EncodedBody(byte[] body, string contentType, int statusCode = StatusCodes.Status200OK) : IResult
{
    public const string Text = "text/plain; charset=utf-8";

    public const string Json = "application/json; charset=utf-8";

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
