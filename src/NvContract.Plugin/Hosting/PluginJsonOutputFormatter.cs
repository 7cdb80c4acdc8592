using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Formatters;
using NvContract.Plugin.Contract;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// Writes every reply like v1's Go json.Encoder: compact JSON, nulls kept, a trailing newline,
/// with Content-Type <c>application/vnd.docker.plugins.v1+json</c> whatever the v1.x Accept value was.
/// </summary>
internal sealed class PluginJsonOutputFormatter(JsonSerializerOptions options) : IOutputFormatter
{
    public bool CanWriteResult(OutputFormatterCanWriteContext context) => context.Object is not string;

    public async Task WriteAsync(OutputFormatterWriteContext context)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(context.Object, context.ObjectType ?? typeof(object), options);
        var response = context.HttpContext.Response;
        response.ContentType = PluginMediaTypes.Reply;
        response.ContentLength = body.Length + 1;
        await response.Body.WriteAsync(body);
        await response.Body.WriteAsync("\n"u8.ToArray());
    }
}
