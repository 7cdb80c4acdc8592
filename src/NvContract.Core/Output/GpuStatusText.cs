using System.Globalization;
using NvContract.Core.Gpu;

namespace NvContract.Core.Output;

/// <summary>The <c>/gpu/status</c> text, byte for byte in v1's layout (docs/v1-compatibility.md §4.4).</summary>
public static class GpuStatusText
{
    /// <param name="devices">Device facts, for the totals printed next to the used values.</param>
    /// <param name="statuses">One status per device, in the same order.</param>
    public static string Format(IReadOnlyList<GpuDevice> devices, IReadOnlyList<GpuStatus> statuses)
    {
        var text = new AlignedText();
        for (var i = 0; i < statuses.Count; i++)
        {
            AppendDevice(text, i, devices[i], statuses[i]);
        }

        return text.Line().ToString();
    }

    /// <summary>One device's block, as v1 printed it.</summary>
    internal static void AppendDevice(AlignedText text, int index, GpuDevice d, GpuStatus s)
    {
        text.Line()
            .Line(string.Create(CultureInfo.InvariantCulture, $"Device #{index}"))
            .Row("  Power:  ", Units.UsedOf(s.PowerWatts, d.PowerLimitWatts, "W"))
            .Row("  Temperature:  ", Units.Of(s.TemperatureC, "°C"))
            .Line("  Utilization")
            .Row("    GPU:  ", Units.Of(s.Utilization.Gpu, "%"))
            .Row("    Memory:  ", Units.Of(s.Utilization.Memory, "%"))
            .Row("    Encoder:  ", Units.Of(s.Utilization.Encoder, "%"))
            .Row("    Decoder:  ", Units.Of(s.Utilization.Decoder, "%"))
            .Line("  Memory")
            .Row("    Global:  ", Units.UsedOf(s.MemoryUsedMiB, d.Memory.GlobalMiB, "MiB"))
            .Line("    ECC Errors")
            .Row("      L1 Cache:  ", Units.Bare(s.EccErrors.L1Cache))
            .Row("      L2 Cache:  ", Units.Bare(s.EccErrors.L2Cache))
            .Row("      Global:  ", Units.Bare(s.EccErrors.Global))
            .Line("  PCI")
            .Row("    BAR1:  ", Units.UsedOf(s.Bar1UsedMiB, d.Pci.Bar1MiB, "MiB"))
            .Line("    Throughput")
            .Row("      RX:  ", Units.Of(s.Throughput.RxMBs, "MB/s"))
            .Row("      TX:  ", Units.Of(s.Throughput.TxMBs, "MB/s"))
            .Line("  Clocks")
            .Row("    Cores:  ", Units.Of(s.Clocks.CoresMHz, "MHz"))
            .Row("    Memory:  ", Units.Of(s.Clocks.MemoryMHz, "MHz"));

        AppendProcesses(text, s.Processes, "  ");
    }

    /// <summary>A process list, indented by <paramref name="indent"/> (v1's is two spaces).</summary>
    internal static void AppendProcesses(AlignedText text, IReadOnlyList<GpuProcess> processes, string indent)
    {
        if (processes.Count == 0)
        {
            text.Row($"{indent}Processes:  ", "None");
            return;
        }

        text.Line($"{indent}Processes");
        foreach (var p in processes)
        {
            text.Row($"{indent}  - PID:  ", p.Pid.ToString(CultureInfo.InvariantCulture))
                // Any user names their own processes: a newline would forge lines of this report.
                .Row($"{indent}    Name:  ", ControlCharacters.Escape(p.Name))
                .Row($"{indent}    Memory:  ", Units.Of(p.MemoryUsedMiB, "MiB"));
        }
    }
}
