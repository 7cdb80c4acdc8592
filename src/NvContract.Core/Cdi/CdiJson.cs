using System.Text.Json;
using System.Text.Json.Serialization;

namespace NvContract.Core.Cdi;

/// <summary>
/// How a spec is written, with metadata generated at build time (no reflection): the CDI field
/// names (camelCase), absent fields left out, two-space indents and a final newline. The same
/// spec always gives the same bytes.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    IndentSize = 2)]
[JsonSerializable(typeof(CdiSpec))]
internal sealed partial class CdiJson : JsonSerializerContext
{
    /// <summary>The spec as the file holds it: UTF-8 JSON and a newline.</summary>
    public static byte[] Serialize(CdiSpec spec)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2 }))
        {
            JsonSerializer.Serialize(writer, spec, Default.CdiSpec);
        }

        System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
