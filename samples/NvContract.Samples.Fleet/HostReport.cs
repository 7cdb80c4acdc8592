using NvContract.Client;

namespace NvContract.Samples.Fleet;

/// <summary>What one daemon answered: its GPUs and their status, or why it could not be asked.</summary>
public sealed record HostReport(string Address, GpuInfo? Info, GpuStatus? Status, string? Error)
{
    public static HostReport Answered(string address, GpuInfo info, GpuStatus status) => new(address, info, status, null);

    public static HostReport Failed(string address, string error) => new(address, null, null, error);
}
