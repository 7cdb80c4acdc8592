namespace NvContract.Core.Cdi;

/// <summary>
/// A device node. The runtime reads its type and numbers from the host node when it creates the
/// container, so a node that is re-created with other numbers (a module reload) stays right.
/// </summary>
/// <param name="Path">The path in the container.</param>
/// <param name="HostPath">The host node when it is not <paramref name="Path"/> (<c>--dev-root</c>); needs cdiVersion 0.5.0.</param>
public sealed record CdiDeviceNode(string Path, string? HostPath = null);
