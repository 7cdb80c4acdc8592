namespace NvContract.Nvml;

/// <summary>
/// A GPU NVML cannot identify (UUID, minor number or PCI info not supported); v1 refused to
/// start with the message <c>unsupported GPU device</c>.
/// </summary>
public sealed class UnsupportedGpuDeviceException(string function)
    : NvmlException(NvmlReturn.NotSupported, function, "unsupported GPU device");
