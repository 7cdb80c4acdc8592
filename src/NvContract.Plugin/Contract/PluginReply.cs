using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using NvContract.Core.Output;

namespace NvContract.Plugin.Contract;

/// <summary>
/// A reply written like v1's Go json.Encoder: compact JSON and a trailing newline, with Content-Type
/// <c>application/vnd.docker.plugins.v1+json</c> whatever the v1.x Accept value was.
/// </summary>
internal sealed class PluginReply<T>(T value, JsonTypeInfo<T> type) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var body = JsonLine.Serialize(value, type);
        var response = httpContext.Response;
        response.ContentType = PluginMediaTypes.Reply;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}

/// <summary>Builds the replies the generated operations return.</summary>
internal static class PluginReply
{
    public static Task<IResult> Of<T>(T value, JsonTypeInfo<T> type) => Task.FromResult<IResult>(new PluginReply<T>(value, type));

    /// <summary>
    /// Volume errors are not HTTP errors in Docker's protocol: status 200 with the operation's reply
    /// type and only <c>Err</c> set (docs/v1-compatibility.md §2.2). Any other failure propagates
    /// to the 500 handler.
    /// </summary>
    public static async Task<IResult> OrErr<T>(Func<Task<T>> answer, JsonTypeInfo<T> type)
        where T : IErrEnvelope, new()
    {
        T reply;
        try
        {
            reply = await answer();
        }
        catch (Core.Volumes.VolumeException e)
        {
            reply = new T { Err = e.Message };
        }

        return new PluginReply<T>(reply, type);
    }
}
