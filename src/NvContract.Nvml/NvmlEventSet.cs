using NvContract.Nvml.Native;
using static NvContract.Nvml.Native.NvmlNative;

namespace NvContract.Nvml;

/// <summary>An NVML event set (e.g. Xid critical errors); freed on dispose.</summary>
internal sealed unsafe class NvmlEventSet : IDisposable
{
    private nvmlEventSet_st* _set;

    private NvmlEventSet(nvmlEventSet_st* set) => _set = set;

    /// <summary>Wraps nvmlEventSetCreate.</summary>
    public static NvmlEventSet Create()
    {
        nvmlEventSet_st* set;
        NvmlStatus.ThrowIfFailed(nvmlEventSetCreate(&set), nameof(nvmlEventSetCreate));
        return new NvmlEventSet(set);
    }

    /// <summary>Wraps nvmlDeviceRegisterEvents; false when the device supports none of <paramref name="eventTypes"/>.</summary>
    public bool Register(NvmlDevice device, long eventTypes) =>
        NvmlStatus.IsSupported(nvmlDeviceRegisterEvents(device.Handle, (ulong)eventTypes, Live), nameof(nvmlDeviceRegisterEvents));

    /// <summary>Wraps nvmlEventSetWait_v2; null when nothing happened within <paramref name="timeoutMs"/>.</summary>
    public NvmlEvent? Wait(uint timeoutMs)
    {
        nvmlEventData_t data;
        var result = nvmlEventSetWait_v2(Live, &data, timeoutMs);
        if (result == nvmlReturn_t.NVML_ERROR_TIMEOUT)
        {
            return null;
        }

        NvmlStatus.ThrowIfFailed(result, nameof(nvmlEventSetWait_v2));
        return new NvmlEvent(new NvmlDevice(data.device), (long)data.eventType, data.eventData, data.gpuInstanceId, data.computeInstanceId);
    }

    /// <summary>Wraps nvmlEventSetFree.</summary>
    public void Dispose()
    {
        if (_set != null)
        {
            _ = nvmlEventSetFree(_set);
            _set = null;
        }
    }

    private nvmlEventSet_st* Live => _set != null ? _set : throw new ObjectDisposedException(nameof(NvmlEventSet));
}

/// <param name="EventData">For Xid critical errors, the Xid.</param>
internal readonly record struct NvmlEvent(NvmlDevice Device, long EventType, ulong EventData, uint GpuInstanceId, uint ComputeInstanceId);
