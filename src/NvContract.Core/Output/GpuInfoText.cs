using System.Globalization;
using NvContract.Core.Gpu;

namespace NvContract.Core.Output;

/// <summary>The <c>/gpu/info</c> text, byte for byte in v1's layout (docs/v1-compatibility.md §4.2).</summary>
public static class GpuInfoText
{
    public static string Format(DriverVersions versions, IReadOnlyList<GpuDevice> devices)
    {
        var text = new AlignedText()
            .Line()
            .Row("Driver version:  ", versions.Driver)
            .Row("Supported CUDA version:  ", Units.Text(versions.Cuda));

        for (var i = 0; i < devices.Count; i++)
        {
            AppendDevice(text, i, devices[i]);
        }

        return text.Line().ToString();
    }

    /// <summary>One device's block, as v1 printed it.</summary>
    internal static void AppendDevice(AlignedText text, int index, GpuDevice d)
    {
        text.Line()
            .Line(string.Create(CultureInfo.InvariantCulture, $"Device #{index}"))
            .Row("  Model:  ", Units.Text(d.Model))
            .Row("  UUID:  ", d.Uuid)
            .Row("  Path:  ", d.Path)
            .Row("  Family: ", Units.Text(d.Family))
            .Row("  Arch:  ", Units.Text(d.Arch?.ToString()))
            .Row("  Cores:  ", Units.Bare(d.Cores))
            .Row("  Power:  ", Units.Of(d.PowerLimitWatts, "W"))
            .Row("  CPU Affinity:  ", string.Create(CultureInfo.InvariantCulture, $"NUMA node{d.CpuAffinity}"))
            .Line("  PCI")
            .Row("    Bus ID:  ", d.Pci.BusId)
            .Row("    BAR1:  ", Units.Of(d.Pci.Bar1MiB, "MiB"))
            .Row("    Bandwidth:  ", Units.Of(d.Pci.BandwidthMBs, "MB/s"))
            .Line("  Memory")
            .Row("    ECC:  ", Units.Bool(d.Memory.Ecc))
            .Row("    Global:  ", Units.Of(d.Memory.GlobalMiB, "MiB"))
            .Row("    Constant:  ", Units.Of(d.Memory.ConstantKiB, "KiB"))
            .Row("    Shared:  ", Units.Of(d.Memory.SharedKiB, "KiB"))
            .Row("    L2 Cache:  ", Units.Of(d.Memory.L2CacheKiB, "KiB"))
            .Row("    Bandwidth:  ", Units.Of(d.Memory.BandwidthMBs, "MB/s"))
            .Line("  Clocks")
            .Row("    Cores:  ", Units.Of(d.MaxClocks.CoresMHz, "MHz"))
            .Row("    Memory:  ", Units.Of(d.MaxClocks.MemoryMHz, "MHz"));

        if (d.Peers.Count == 0)
        {
            text.Row("  P2P Available:  ", "None");
            return;
        }

        text.Line("  P2P Available");
        foreach (var peer in d.Peers)
        {
            text.Line($"    {peer.BusId} - {peer.Link.Describe()}");
        }
    }
}
