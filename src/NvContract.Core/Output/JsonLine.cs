using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace NvContract.Core.Output;

/// <summary>A JSON document as Go's json.Encoder wrote it: the document, then a newline.</summary>
public static class JsonLine
{
    /// <summary>The exact response body, in one array (one write, one Content-Length).</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, type);
        var body = new byte[json.Length + 1];
        json.CopyTo(body, 0);
        body[^1] = (byte)'\n';
        return body;
    }
}
