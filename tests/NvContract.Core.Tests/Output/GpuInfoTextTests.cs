using NvContract.Core.Gpu;
using NvContract.Core.Output;

namespace NvContract.Core.Tests.Output;

public class GpuInfoTextTests
{
    /// <summary>
    /// What v1's own template printed for <see cref="ReferenceMachine"/> (layout:
    /// docs/v1-compatibility.md §4.2), verbatim except one line: v1's family table stopped at
    /// Pascal, so it
    /// printed "Family: N/A" for compute capability 7.0; the table now names Volta.
    /// </summary>
    private const string ReferenceOutput = """

        Driver version:          375.26
        Supported CUDA version:  8.0

        Device #0
          Model:         Tesla K80
          UUID:          GPU-6a1b2c3d-0000-1111-2222-333344445555
          Path:          /dev/nvidia0
          Family:        Kepler
          Arch:          3.7
          Cores:         2496
          Power:         149 W
          CPU Affinity:  NUMA node0
          PCI
            Bus ID:     0000:05:00.0
            BAR1:       16384 MiB
            Bandwidth:  15760 MB/s
          Memory
            ECC:        true
            Global:     11439 MiB
            Constant:   64 KiB
            Shared:     112 KiB
            L2 Cache:   1536 KiB
            Bandwidth:  240480 MB/s
          Clocks
            Cores:   875 MHz
            Memory:  2505 MHz
          P2P Available
            0000:06:00.0 - Single PCI switch

        Device #1
          Model:         N/A
          UUID:          GPU-aaaa
          Path:          /dev/nvidia1
          Family:        Volta
          Arch:          7.0
          Cores:         N/A
          Power:         N/A
          CPU Affinity:  NUMA node1
          PCI
            Bus ID:     0000:06:00.0
            BAR1:       N/A
            Bandwidth:  N/A
          Memory
            ECC:        N/A
            Global:     N/A
            Constant:   N/A
            Shared:     N/A
            L2 Cache:   N/A
            Bandwidth:  N/A
          Clocks
            Cores:        N/A
            Memory:       N/A
          P2P Available:  None


        """;

    [Fact]
    public void Format_ReferenceDevices_MatchesV1ByteForByte() =>
        Assert.Equal(ReferenceOutput, GpuInfoText.Format(ReferenceMachine.Versions, [ReferenceMachine.K80, ReferenceMachine.Bare]));

    [Fact]
    public void Format_NoDevices_IsBlankLineVersionsBlankLine() =>
        Assert.Equal("\nDriver version:          550.54.15\nSupported CUDA version:  12.4\n\n", GpuInfoText.Format(new DriverVersions("550.54.15", "12.4"), []));

    [Fact]
    public void Format_UnknownCudaVersion_PrintsNA() =>
        Assert.Contains("Supported CUDA version:  N/A\n", GpuInfoText.Format(new DriverVersions("1.0", null), []));

    [Fact]
    public void Format_ZeroValues_PrintUnitsNotNA()
    {
        var device = ReferenceMachine.Bare with { PowerLimitWatts = 0, Memory = GpuMemory.Unknown with { GlobalMiB = 0 } };
        var text = GpuInfoText.Format(ReferenceMachine.Versions, [device]);
        Assert.Contains("  Power:         0 W\n", text);
        Assert.Contains("    Global:     0 MiB\n", text);
    }
}
