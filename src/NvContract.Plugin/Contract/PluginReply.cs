using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using NvContract.Core.Output;
using NvContract.Hosting;

namespace NvContract.Plugin.Contract;

/// <summary>
/// Builds the replies the generated operations return: written like v1's Go json.Encoder, compact
/// JSON and a trailing newline, with Content-Type <c>application/vnd.docker.plugins.v1+json</c>
/// whatever the v1.x Accept value was. The same pre-encoded result as the REST API's bodies.
/// </summary>
internal static class PluginReply
{
    public static Task<IResult> Of<T>(T value, JsonTypeInfo<T> type) => Encode(value, type).AsTask();

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

        return Encode(reply, type);
    }

    /// <summary>The reply as a result, with its status (200 unless the request was refused).</summary>
    public static EncodedBody Encode<T>(T value, JsonTypeInfo<T> type, int statusCode = StatusCodes.Status200OK) =>
        new(JsonLine.Serialize(value, type), PluginMediaTypes.Reply, statusCode);
}
