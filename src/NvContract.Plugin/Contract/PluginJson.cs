using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NvContract.Plugin.Generated;

namespace NvContract.Plugin.Contract;

/// <summary>
/// The protocol's JSON as v1 read and wrote it with Go's encoding/json: member names matched
/// case-insensitively, replies compact with nulls kept and non-ASCII text as is.
/// </summary>
internal static class PluginJson
{
    /// <summary>Metadata generated at build time: no reflection, so the daemon compiles ahead of time.</summary>
    public static PluginJsonContext Types { get; } = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

[JsonSerializable(typeof(CreateRequest))]
[JsonSerializable(typeof(NameRequest))]
[JsonSerializable(typeof(MountRequest))]
[JsonSerializable(typeof(ActivateResponse))]
[JsonSerializable(typeof(ErrResponse))]
[JsonSerializable(typeof(MountResponse))]
[JsonSerializable(typeof(GetResponse))]
[JsonSerializable(typeof(ListResponse))]
[JsonSerializable(typeof(CapabilitiesResponse))]
internal sealed partial class PluginJsonContext : JsonSerializerContext;
