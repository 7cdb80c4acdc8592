namespace NvContract.Core.Cdi;

/// <summary>What a runtime adds to a container; an empty list is left out of the file.</summary>
/// <param name="Env"><c>NAME=value</c> strings.</param>
/// <param name="DeviceNodes">Device nodes created in the container and allowed in its device cgroup.</param>
/// <param name="Mounts">Bind mounts.</param>
/// <param name="Hooks">OCI hooks.</param>
public sealed record CdiContainerEdits(
    IReadOnlyList<string>? Env = null,
    IReadOnlyList<CdiDeviceNode>? DeviceNodes = null,
    IReadOnlyList<CdiMount>? Mounts = null,
    IReadOnlyList<CdiHook>? Hooks = null);
