using System.Text.Encodings.Web;
using System.Text.Json;

namespace NvContract.Daemon.Responses;

/// <summary>
/// JSON as v1 wrote it with Go's json.Encoder: compact, members in declaration order, nulls kept,
/// non-ASCII text as is (the newline after the document: <see cref="Core.Output.JsonLine"/>).
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
}
