using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Core.Metrics;

/// <summary>
/// The dcgm-exporter families NVML can feed, with dcgm-exporter's names, types and units, and
/// the per-process memory family. A value the driver cannot report is left out, never written as 0.
/// </summary>
public static class GpuMetrics
{
    private const long MiB = 1 << 20;

    private static readonly MetricFamily PowerUsage = MetricFamily.Gauge("DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).");

    private static readonly MetricFamily ProcessMemory = MetricFamily.Gauge(
        "gpu_process_memory_used_bytes", "Device memory used by a compute process, with the container that owns it (empty outside containers).");

    private static readonly (MetricFamily Family, Func<GpuStatus, GpuTelemetry, long?> Value)[] Integers =
    [
        (MetricFamily.Gauge("DCGM_FI_DEV_SM_CLOCK", "SM clock frequency (in MHz)."), (s, _) => s.Clocks.CoresMHz),
        (MetricFamily.Gauge("DCGM_FI_DEV_MEM_CLOCK", "Memory clock frequency (in MHz)."), (s, _) => s.Clocks.MemoryMHz),
        (MetricFamily.Gauge("DCGM_FI_DEV_MEMORY_TEMP", "Memory temperature (in C)."), (_, t) => t.MemoryTemperatureC),
        (MetricFamily.Gauge("DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C)."), (s, _) => s.TemperatureC),
        (MetricFamily.Counter("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "Total energy consumption since the driver was loaded (in mJ)."), (_, t) => t.EnergyMillijoules),
        (MetricFamily.Counter("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "Total number of PCIe retries."), (_, t) => t.PcieReplays),
        (MetricFamily.Gauge("DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %)."), (s, _) => s.Utilization.Gpu),
        (MetricFamily.Gauge("DCGM_FI_DEV_MEM_COPY_UTIL", "Memory utilization (in %)."), (s, _) => s.Utilization.Memory),
        (MetricFamily.Gauge("DCGM_FI_DEV_ENC_UTIL", "Encoder utilization (in %)."), (s, _) => s.Utilization.Encoder),
        (MetricFamily.Gauge("DCGM_FI_DEV_DEC_UTIL", "Decoder utilization (in %)."), (s, _) => s.Utilization.Decoder),
        (MetricFamily.Gauge("DCGM_FI_DEV_FB_FREE", "Framebuffer memory free (in MiB)."), (_, t) => t.Framebuffer.FreeMiB),
        (MetricFamily.Gauge("DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB)."), (_, t) => t.Framebuffer.UsedMiB),
        (MetricFamily.Gauge("DCGM_FI_DEV_FB_RESERVED", "Framebuffer memory reserved (in MiB)."), (_, t) => t.Framebuffer.ReservedMiB),
        (MetricFamily.Gauge("DCGM_FI_DEV_BAR1_USED", "BAR1 memory used (in MiB)."), (s, _) => s.Bar1UsedMiB),
        (MetricFamily.Counter("DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", "Total number of single-bit volatile ECC errors."), (_, t) => t.Ecc.SingleBitVolatile),
        (MetricFamily.Counter("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", "Total number of double-bit volatile ECC errors."), (_, t) => t.Ecc.DoubleBitVolatile),
        (MetricFamily.Counter("DCGM_FI_DEV_ECC_SBE_AGG_TOTAL", "Total number of single-bit persistent ECC errors."), (_, t) => t.Ecc.SingleBitAggregate),
        (MetricFamily.Counter("DCGM_FI_DEV_ECC_DBE_AGG_TOTAL", "Total number of double-bit persistent ECC errors."), (_, t) => t.Ecc.DoubleBitAggregate),
        (MetricFamily.Counter("DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS", "Number of remapped rows for correctable errors."), (_, t) => t.RemappedRows.Correctable),
        (MetricFamily.Counter("DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS", "Number of remapped rows for uncorrectable errors."), (_, t) => t.RemappedRows.Uncorrectable),
        (MetricFamily.Gauge("DCGM_FI_DEV_ROW_REMAP_PENDING", "Whether a row remapping waits for the next GPU reset (1) or not (0)."), (_, t) => Flag(t.RemappedRows.Pending)),
        (MetricFamily.Gauge("DCGM_FI_DEV_ROW_REMAP_FAILURE", "Whether a row remapping failed (1) or not (0)."), (_, t) => Flag(t.RemappedRows.Failed)),
    ];

    /// <summary>What a MIG device reports, by family: its framebuffer, used and free (in MiB).</summary>
    private static readonly Dictionary<string, Func<MigStatus, long?>> MigValues = new()
    {
        ["DCGM_FI_DEV_FB_USED"] = s => s.MemoryUsedMiB,
        ["DCGM_FI_DEV_FB_FREE"] = s => s.MemoryTotalMiB - s.MemoryUsedMiB,
    };

    /// <summary>The names of every family this writes, for documentation and tests.</summary>
    public static IEnumerable<MetricFamily> Families => [.. Integers.Select(i => i.Family), PowerUsage, ProcessMemory];

    public static void Write(ExpositionWriter writer, MetricsSample sample, IReadOnlyList<GpuLabels> labels)
    {
        foreach (var (family, value) in Integers)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                if (sample.Statuses[i] is { } status && value(status, sample.Telemetry[i] ?? GpuTelemetry.Unknown) is { } v)
                {
                    writer.Sample(family, labels[i].Dcgm, v);
                }
            }

            // A family's samples stay together: its MIG devices' series follow its GPUs'.
            if (MigValues.TryGetValue(family.Name, out var migValue))
            {
                foreach (var mig in sample.MigDevices)
                {
                    if (mig.Device.ParentIndex < labels.Count && migValue(mig.Status) is { } v)
                    {
                        writer.Sample(family, GpuLabels.ForMig(labels[mig.Device.ParentIndex], mig.Device), v);
                    }
                }
            }
        }

        for (var i = 0; i < labels.Count; i++)
        {
            if (Power(sample.Statuses[i], sample.Telemetry[i]) is { } watts)
            {
                writer.Sample(PowerUsage, labels[i].Dcgm, watts);
            }
        }

        for (var i = 0; i < labels.Count; i++)
        {
            foreach (var process in sample.Statuses[i]?.Processes ?? [])
            {
                var processLabels = ExpositionWriter.Join(labels[i].Identity, ExpositionWriter.Labels(
                    ("pid", process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("process_name", process.Name),
                    ("container_id", sample.Containers.GetValueOrDefault(process.Pid, ""))));
                writer.Sample(ProcessMemory, processLabels, process.MemoryUsedMiB * MiB);
            }
        }
    }

    // Milliwatts where the source has them; the status's whole watts otherwise.
    private static double? Power(GpuStatus? status, GpuTelemetry? telemetry) =>
        status is null ? null : telemetry?.PowerMilliwatts is { } mw ? mw / 1000.0 : status.PowerWatts;

    private static long? Flag(bool? value) => value is { } b ? (b ? 1 : 0) : null;
}
