using NvContract.Core.Gpu;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Adapter;

/// <summary>
/// One device's metrics-only values (<see cref="GpuTelemetry"/>): 10 NVML calls, each value
/// standing alone (a board that lacks one still reports the others).
/// </summary>
internal static class TelemetryReader
{
    private const long MiB = 1 << 20;

    private static readonly uint[] Fields = [NvmlNative.NVML_FI_DEV_MEMORY_TEMP];

    public static GpuTelemetry Read(NvmlDevice device)
    {
        var fields = device.GetFieldValues(Fields);
        const nvmlMemoryErrorType_t corrected = nvmlMemoryErrorType_t.NVML_MEMORY_ERROR_TYPE_CORRECTED;
        const nvmlMemoryErrorType_t uncorrected = nvmlMemoryErrorType_t.NVML_MEMORY_ERROR_TYPE_UNCORRECTED;
        long? Ecc(nvmlMemoryErrorType_t type, nvmlEccCounterType_t counter) => (long?)device.GetTotalEccErrors(type, counter);
        var rows = device.GetRemappedRows();

        return new GpuTelemetry
        {
            PowerMilliwatts = device.GetPowerUsage(),
            EnergyMillijoules = (long?)device.GetTotalEnergyConsumption(),
            MemoryTemperatureC = fields[0],
            Framebuffer = Framebuffer(device),
            PcieReplays = device.GetPcieReplayCounter(),
            Ecc = new GpuEccTotals(
                Ecc(corrected, nvmlEccCounterType_t.NVML_VOLATILE_ECC),
                Ecc(uncorrected, nvmlEccCounterType_t.NVML_VOLATILE_ECC),
                Ecc(corrected, nvmlEccCounterType_t.NVML_AGGREGATE_ECC),
                Ecc(uncorrected, nvmlEccCounterType_t.NVML_AGGREGATE_ECC)),
            RemappedRows = rows is { } r ? new GpuRemappedRows(r.Correctable, r.Uncorrectable, r.Pending, r.Failure) : GpuRemappedRows.Unknown,
        };
    }

    /// <summary>
    /// dcgm-exporter's split: used is what is neither free nor reserved. Drivers without the v2
    /// call report no reserved memory; free and used then come from the v1 call.
    /// </summary>
    private static GpuFramebuffer Framebuffer(NvmlDevice device)
    {
        if (device.GetMemoryInfoV2() is { } v2)
        {
            return new GpuFramebuffer((long)(v2.Free / MiB), (long)((v2.Total - v2.Free - v2.Reserved) / MiB), (long)(v2.Reserved / MiB));
        }

        return device.GetMemoryInfo() is { } v1 ? new GpuFramebuffer((long)(v1.Free / MiB), (long)(v1.Used / MiB), null) : GpuFramebuffer.Unknown;
    }
}
