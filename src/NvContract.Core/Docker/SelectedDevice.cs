using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Core.Docker;

/// <summary>One device a <c>dev</c> value selects: a whole GPU or one MIG device (exactly one is set).</summary>
public sealed record SelectedDevice
{
    private SelectedDevice(GpuDevice? gpu, MigDevice? mig)
    {
        Gpu = gpu;
        Mig = mig;
    }

    public GpuDevice? Gpu { get; }

    public MigDevice? Mig { get; }

    public static SelectedDevice Whole(GpuDevice gpu) => new(gpu, null);

    public static SelectedDevice Partition(MigDevice mig) => new(null, mig);
}
