using System.Text.Json.Serialization;
using NvContract.Client;

namespace NvContract.Command;

/// <summary>The SDK's types this command reads, serialised without reflection (the command is compiled ahead of time).</summary>
[JsonSerializable(typeof(GpuInfo))]
[JsonSerializable(typeof(DockerCli))]
internal sealed partial class CommandJsonContext : JsonSerializerContext;
