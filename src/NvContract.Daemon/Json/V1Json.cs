using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace NvContract.Daemon.Json;

/// <summary>
/// JSON as v1 wrote it with Go's json.Encoder: compact, members in declaration order, nulls kept,
/// non-ASCII text as is, and a newline after the document.
/// </summary>
public static class V1Json
{
    /// <summary>The contract's bodies with v1's settings; metadata generated at build time, no reflection.</summary>
    public static V1JsonContext Types { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    });

    public static JsonSerializerOptions Options => Types.Options;

    /// <summary>The exact response body: the document and its newline.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, type);
        var body = new byte[json.Length + 1];
        json.CopyTo(body, 0);
        body[^1] = (byte)'\n';
        return body;
    }
}
