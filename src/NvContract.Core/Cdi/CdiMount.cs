namespace NvContract.Core.Cdi;

/// <summary>A bind mount of one host file into the container.</summary>
/// <param name="HostPath">The file on the host.</param>
/// <param name="ContainerPath">Where it appears in the container.</param>
/// <param name="Options">Mount options; <c>bind</c> makes it a bind mount without a <c>type</c> (which needs 0.4.0).</param>
public sealed record CdiMount(string HostPath, string ContainerPath, IReadOnlyList<string> Options);
