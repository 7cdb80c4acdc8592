namespace NvContract.Core.Cdi;

/// <param name="Name">The device name, the part after <c>=</c> in <c>nvidia.com/gpu=0</c>.</param>
/// <param name="ContainerEdits">Edits applied when this device is requested.</param>
public sealed record CdiDevice(string Name, CdiContainerEdits ContainerEdits);
