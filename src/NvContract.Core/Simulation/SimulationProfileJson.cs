using System.Text.Json;
using System.Text.Json.Serialization;

namespace NvContract.Core.Simulation;

/// <summary>
/// How profile files are read, with metadata generated at build time (no reflection): camelCase
/// members, enums by name, comments and trailing commas allowed, unknown members and missing
/// required values rejected so that a typo fails loudly instead of simulating something else.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SimulationProfile))]
internal sealed partial class SimulationProfileJson : JsonSerializerContext;
