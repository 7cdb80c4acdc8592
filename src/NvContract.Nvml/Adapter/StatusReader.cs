using NvContract.Core.Gpu;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Adapter;

/// <summary>
/// One device's live status (docs/v1-compatibility.md §5.2): only status calls, in v1's order.
/// Groups follow v1's rule:
/// "not supported" on a group's first call nulls the group, on a later call it is an error.
/// For a device without processes that is 15 NVML calls; each process adds one name lookup.
/// </summary>
internal static class StatusReader
{
    private const long MiB = 1 << 20;

    public static GpuStatus Read(NvmlDevice device)
    {
        var power = device.GetPowerUsage();
        var temperature = device.GetTemperature(nvmlTemperatureSensors_t.NVML_TEMPERATURE_GPU);
        var utilization = device.GetUtilizationRates();
        var encoder = device.GetEncoderUtilization();
        var decoder = device.GetDecoderUtilization();
        var memory = device.GetMemoryInfo();
        var clocks = Clocks(device);
        var bar1 = device.GetBar1MemoryInfo();
        var processes = Processes(device);
        var ecc = EccErrors(device);
        var throughput = Throughput(device);

        return new GpuStatus
        {
            PowerWatts = power / 1000,
            TemperatureC = temperature,
            Utilization = new GpuUtilization(utilization?.Gpu, utilization?.Memory, encoder, decoder),
            MemoryUsedMiB = (long?)(memory?.Used / MiB),
            EccErrors = ecc,
            Clocks = clocks,
            Bar1UsedMiB = (long?)(bar1?.Used / MiB),
            Throughput = throughput,
            Processes = processes,
        };
    }

    private static GpuClocks Clocks(NvmlDevice device)
    {
        if (device.GetClockInfo(nvmlClockType_t.NVML_CLOCK_SM) is not { } sm)
        {
            return GpuClocks.Unknown;
        }

        var memory = device.GetClockInfo(nvmlClockType_t.NVML_CLOCK_MEM) ?? throw NvmlStatus.NotSupported(nameof(NvmlNative.nvmlDeviceGetClockInfo));
        return new GpuClocks(sm, memory);
    }

    /// <summary>The compute processes of a device or MIG device, exited ones left out.</summary>
    public static IReadOnlyList<GpuProcess> ProcessesOf(NvmlDevice device) => Processes(device);

    private static IReadOnlyList<GpuProcess> Processes(NvmlDevice device)
    {
        if (device.GetComputeRunningProcesses() is not { } processes)
        {
            return [];
        }

        var listed = new List<GpuProcess>(processes.Count);
        foreach (var p in processes)
        {
            if (ProcessName(p.Pid) is not { } name)
            {
                continue;
            }

            // NVML_VALUE_NOT_AVAILABLE (all bits set) is only reported under Windows WDDM.
            listed.Add(new GpuProcess(p.Pid, name, p.UsedGpuMemory == ulong.MaxValue ? 0 : (long)(p.UsedGpuMemory / MiB)));
        }

        return listed;
    }

    /// <summary>
    /// Null for a process that exited between NVML's list and the name lookup (NVML_ERROR_NOT_FOUND),
    /// which is common on a busy host: it no longer uses the GPU, so it is left out. v1 failed the
    /// whole status there (HTTP 500 for every GPU). Any other error still fails the status.
    /// </summary>
    private static string? ProcessName(uint pid)
    {
        try
        {
            return NvmlSystem.GetProcessName(pid);
        }
        catch (NvmlException e) when (e.Result == NvmlReturn.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Volatile uncorrected ECC errors per location. Unlike v1, which required all three once the
    /// first answered, each location stands alone: Ampere and Hopper boards count errors in device
    /// memory but not per cache, and v1's rule would have hidden the one count they have.
    /// </summary>
    private static GpuEccErrors EccErrors(NvmlDevice device)
    {
        const nvmlMemoryErrorType_t uncorrected = nvmlMemoryErrorType_t.NVML_MEMORY_ERROR_TYPE_UNCORRECTED;
        const nvmlEccCounterType_t volatileCount = nvmlEccCounterType_t.NVML_VOLATILE_ECC;
        long? Count(nvmlMemoryLocation_t location) => (long?)device.GetMemoryErrorCounter(uncorrected, volatileCount, location);
        return new GpuEccErrors(
            Count(nvmlMemoryLocation_t.NVML_MEMORY_LOCATION_L1_CACHE),
            Count(nvmlMemoryLocation_t.NVML_MEMORY_LOCATION_L2_CACHE),
            Count(nvmlMemoryLocation_t.NVML_MEMORY_LOCATION_DEVICE_MEMORY));
    }

    // KB/s from NVML, MB/s on the wire (v1 divided by 1000).
    private static GpuThroughput Throughput(NvmlDevice device)
    {
        if (device.GetPcieThroughput(nvmlPcieUtilCounter_t.NVML_PCIE_UTIL_RX_BYTES) is not { } rx)
        {
            return GpuThroughput.Unknown;
        }

        var tx = device.GetPcieThroughput(nvmlPcieUtilCounter_t.NVML_PCIE_UTIL_TX_BYTES)
                 ?? throw NvmlStatus.NotSupported(nameof(NvmlNative.nvmlDeviceGetPcieThroughput));
        return new GpuThroughput(rx / 1000, tx / 1000);
    }
}
