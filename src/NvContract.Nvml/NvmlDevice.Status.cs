using NvContract.Nvml.Native;
using static NvContract.Nvml.Native.NvmlNative;

namespace NvContract.Nvml;

/// <summary>Live state of a device: read on every status request.</summary>
internal readonly unsafe partial struct NvmlDevice
{
    // v1's fixed buffer size; here only the first guess, grown on NVML_ERROR_INSUFFICIENT_SIZE.
    internal const uint InitialProcessCapacity = 32;
    private const int MaxProcessQueries = 8;

    /// <summary>Wraps nvmlDeviceGetPowerUsage (mW).</summary>
    public uint? GetPowerUsage()
    {
        uint power;
        return Optional(nvmlDeviceGetPowerUsage(Handle, &power), power, nameof(nvmlDeviceGetPowerUsage));
    }

    /// <summary>Wraps nvmlDeviceGetTemperature (°C).</summary>
    public uint? GetTemperature(nvmlTemperatureSensors_t sensor)
    {
        uint temperature;
        return Optional(nvmlDeviceGetTemperature(Handle, sensor, &temperature), temperature, nameof(nvmlDeviceGetTemperature));
    }

    /// <summary>Wraps nvmlDeviceGetUtilizationRates (%).</summary>
    public (uint Gpu, uint Memory)? GetUtilizationRates()
    {
        nvmlUtilization_t utilization;
        return NvmlStatus.IsSupported(nvmlDeviceGetUtilizationRates(Handle, &utilization), nameof(nvmlDeviceGetUtilizationRates))
            ? (utilization.gpu, utilization.memory)
            : null;
    }

    /// <summary>Wraps nvmlDeviceGetEncoderUtilization (%; the sampling period is dropped).</summary>
    public uint? GetEncoderUtilization()
    {
        uint utilization, period;
        return Optional(nvmlDeviceGetEncoderUtilization(Handle, &utilization, &period), utilization, nameof(nvmlDeviceGetEncoderUtilization));
    }

    /// <summary>Wraps nvmlDeviceGetDecoderUtilization (%; the sampling period is dropped).</summary>
    public uint? GetDecoderUtilization()
    {
        uint utilization, period;
        return Optional(nvmlDeviceGetDecoderUtilization(Handle, &utilization, &period), utilization, nameof(nvmlDeviceGetDecoderUtilization));
    }

    /// <summary>Wraps nvmlDeviceGetMemoryInfo (bytes).</summary>
    public (ulong Total, ulong Free, ulong Used)? GetMemoryInfo()
    {
        nvmlMemory_t memory;
        return NvmlStatus.IsSupported(nvmlDeviceGetMemoryInfo(Handle, &memory), nameof(nvmlDeviceGetMemoryInfo))
            ? (memory.total, memory.free, memory.used)
            : null;
    }

    /// <summary>Wraps nvmlDeviceGetClockInfo (MHz).</summary>
    public uint? GetClockInfo(nvmlClockType_t type)
    {
        uint clock;
        return Optional(nvmlDeviceGetClockInfo(Handle, type, &clock), clock, nameof(nvmlDeviceGetClockInfo));
    }

    /// <summary>Wraps nvmlDeviceGetMemoryErrorCounter.</summary>
    public ulong? GetMemoryErrorCounter(nvmlMemoryErrorType_t errorType, nvmlEccCounterType_t counterType, nvmlMemoryLocation_t location)
    {
        ulong count;
        return NvmlStatus.IsSupported(nvmlDeviceGetMemoryErrorCounter(Handle, errorType, counterType, location, &count), nameof(nvmlDeviceGetMemoryErrorCounter))
            ? count
            : null;
    }

    /// <summary>Wraps nvmlDeviceGetPcieThroughput (KB/s).</summary>
    public uint? GetPcieThroughput(nvmlPcieUtilCounter_t counter)
    {
        uint value;
        return Optional(nvmlDeviceGetPcieThroughput(Handle, counter, &value), value, nameof(nvmlDeviceGetPcieThroughput));
    }

    /// <summary>
    /// Wraps nvmlDeviceGetComputeRunningProcesses_v3. Starts with v1's 32 entries and grows the
    /// buffer when NVML answers NVML_ERROR_INSUFFICIENT_SIZE (v1 failed there instead).
    /// </summary>
    public IReadOnlyList<NvmlProcessInfo>? GetComputeRunningProcesses()
    {
        var capacity = InitialProcessCapacity;
        for (var attempt = 0; attempt < MaxProcessQueries; attempt++)
        {
            var buffer = new nvmlProcessInfo_t[capacity];
            var count = capacity;
            nvmlReturn_t result;
            fixed (nvmlProcessInfo_t* infos = buffer)
            {
                result = nvmlDeviceGetComputeRunningProcesses_v3(Handle, &count, infos);
            }

            if (result == nvmlReturn_t.NVML_ERROR_INSUFFICIENT_SIZE)
            {
                // NVML put the needed count in `count`; leave room for processes starting meanwhile.
                capacity = Math.Max(count, capacity) * 2;
                continue;
            }

            if (!NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetComputeRunningProcesses_v3)))
            {
                return null;
            }

            var processes = new NvmlProcessInfo[count];
            for (var i = 0; i < count; i++)
            {
                processes[i] = new NvmlProcessInfo(buffer[i].pid, buffer[i].usedGpuMemory);
            }

            return processes;
        }

        throw NvmlStatus.Failure(nvmlReturn_t.NVML_ERROR_INSUFFICIENT_SIZE, nameof(nvmlDeviceGetComputeRunningProcesses_v3));
    }
}

/// <param name="UsedGpuMemory">Bytes, or NVML_VALUE_NOT_AVAILABLE as an unsigned value.</param>
internal readonly record struct NvmlProcessInfo(uint Pid, ulong UsedGpuMemory);
