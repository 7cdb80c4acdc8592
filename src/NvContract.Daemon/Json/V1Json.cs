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
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        // The contract's bodies from generated metadata; anything else (MVC's problem details) by reflection.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(V1JsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>The exact response body: the document and its newline.</summary>
    public static byte[] Serialize<T>(T value)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        var body = new byte[json.Length + 1];
        json.CopyTo(body, 0);
        body[^1] = (byte)'\n';
        return body;
    }
}
