using System.Text.Json.Serialization;
using NvContract.Api.Generated;

namespace NvContract.Daemon.Responses;

/// <summary>
/// Serialisation metadata of the contract's JSON bodies, generated at build time: no reflection
/// and no emitted code, so the daemon compiles ahead of time and encodes its first body at once.
/// </summary>
[JsonSerializable(typeof(GpuInfo))]
[JsonSerializable(typeof(GpuStatus))]
[JsonSerializable(typeof(DockerCli))]
[JsonSerializable(typeof(GpuHealth))]
[JsonSerializable(typeof(GpuPairScores))]
[JsonSerializable(typeof(GpuInfoV11))]
[JsonSerializable(typeof(GpuStatusV11))]
public sealed partial class V1JsonContext : JsonSerializerContext;
