using System.Text.Json.Serialization;
using NvContract.Api.Generated;

namespace NvContract.Daemon.Json;

/// <summary>
/// Serialisation metadata of the contract's JSON bodies, generated at build time: no reflection
/// and no emitted code when the first body is encoded, which is start-up time.
/// </summary>
[JsonSerializable(typeof(GpuInfo))]
[JsonSerializable(typeof(GpuStatus))]
[JsonSerializable(typeof(DockerCli))]
internal sealed partial class V1JsonContext : JsonSerializerContext;
