using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Formatters;

namespace NvContract.Daemon.Json;

/// <summary>Writes <c>application/json</c> results through <see cref="V1Json"/>, newline included.</summary>
public sealed class V1JsonOutputFormatter : TextOutputFormatter
{
    public V1JsonOutputFormatter()
    {
        SupportedMediaTypes.Add("application/json");
        SupportedEncodings.Add(Encoding.UTF8);
    }

    protected override bool CanWriteType(Type? type) => type is not null && type != typeof(string);

    public override async Task WriteResponseBodyAsync(OutputFormatterWriteContext context, Encoding selectedEncoding)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(context.Object, context.ObjectType ?? typeof(object), V1Json.Options);
        var stream = context.HttpContext.Response.Body;
        await stream.WriteAsync(body);
        await stream.WriteAsync("\n"u8.ToArray());
    }
}
