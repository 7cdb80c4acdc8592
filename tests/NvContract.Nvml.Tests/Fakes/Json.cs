using System.Text.Json;
using System.Text.Json.Serialization;

namespace NvContract.Nvml.Tests.Fakes;

/// <summary>The Core records as System.Text.Json writes them: what the snapshots hold.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Of<T>(T value) => JsonSerializer.Serialize(value, Options);
}
