using NvContract.Nvml.Native;
using static NvContract.Nvml.Native.NvmlNative;

namespace NvContract.Nvml;

/// <summary>
/// What metrics read beyond a v1 status, and the recovery action health follows. Each call may be
/// missing from an older driver's library: a missing symbol is "not supported" (null), like
/// NVML_ERROR_NOT_SUPPORTED.
/// </summary>
internal readonly unsafe partial struct NvmlDevice
{
    /// <summary>NVML_STRUCT_VERSION(Memory, 2): the struct's size with the version in the top byte.</summary>
    private static readonly uint MemoryV2Version = (uint)sizeof(nvmlMemory_v2_t) | (2u << 24);

    /// <summary>Wraps nvmlDeviceGetMemoryInfo_v2 (bytes).</summary>
    public (ulong Total, ulong Reserved, ulong Free, ulong Used)? GetMemoryInfoV2()
    {
        var memory = new nvmlMemory_v2_t { version = MemoryV2Version };
        nvmlReturn_t result;
        try
        {
            result = nvmlDeviceGetMemoryInfo_v2(Handle, &memory);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        return NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetMemoryInfo_v2)) ? (memory.total, memory.reserved, memory.free, memory.used) : null;
    }

    /// <summary>Wraps nvmlDeviceGetTotalEnergyConsumption (mJ since the driver was loaded).</summary>
    public ulong? GetTotalEnergyConsumption()
    {
        ulong energy;
        nvmlReturn_t result;
        try
        {
            result = nvmlDeviceGetTotalEnergyConsumption(Handle, &energy);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        return NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetTotalEnergyConsumption)) ? energy : null;
    }

    /// <summary>Wraps nvmlDeviceGetPcieReplayCounter.</summary>
    public uint? GetPcieReplayCounter()
    {
        uint value;
        nvmlReturn_t result;
        try
        {
            result = nvmlDeviceGetPcieReplayCounter(Handle, &value);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        return NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetPcieReplayCounter)) ? value : null;
    }

    /// <summary>Wraps nvmlDeviceGetTotalEccErrors.</summary>
    public ulong? GetTotalEccErrors(nvmlMemoryErrorType_t errorType, nvmlEccCounterType_t counterType)
    {
        ulong count;
        nvmlReturn_t result;
        try
        {
            result = nvmlDeviceGetTotalEccErrors(Handle, errorType, counterType, &count);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        return NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetTotalEccErrors)) ? count : null;
    }

    /// <summary>Wraps nvmlDeviceGetRemappedRows (Ampere and later).</summary>
    public (uint Correctable, uint Uncorrectable, bool Pending, bool Failure)? GetRemappedRows()
    {
        uint correctable, uncorrectable, pending, failure;
        nvmlReturn_t result;
        try
        {
            result = nvmlDeviceGetRemappedRows(Handle, &correctable, &uncorrectable, &pending, &failure);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        return NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetRemappedRows)) ? (correctable, uncorrectable, pending != 0, failure != 0) : null;
    }

    /// <summary>
    /// Wraps nvmlDeviceGetFieldValues for integer fields: one call for all of <paramref name="fieldIds"/>,
    /// each value null where NVML answers that field with an error (it reports errors per field).
    /// </summary>
    public long?[] GetFieldValues(ReadOnlySpan<uint> fieldIds)
    {
        var values = stackalloc nvmlFieldValue_t[fieldIds.Length];
        for (var k = 0; k < fieldIds.Length; k++)
        {
            values[k] = new nvmlFieldValue_t { fieldId = fieldIds[k] };
        }

        var results = new long?[fieldIds.Length];
        nvmlReturn_t result;
        try
        {
            result = nvmlDeviceGetFieldValues(Handle, fieldIds.Length, values);
        }
        catch (EntryPointNotFoundException)
        {
            return results;
        }

        if (!NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetFieldValues)))
        {
            return results;
        }

        for (var k = 0; k < fieldIds.Length; k++)
        {
            results[k] = values[k].nvmlReturn == nvmlReturn_t.NVML_SUCCESS ? Integer(values[k]) : null;
        }

        return results;
    }

    /// <summary>Wraps nvmlDeviceGetSupportedEventTypes; 0 when none (or the call is missing).</summary>
    public ulong GetSupportedEventTypes()
    {
        ulong types;
        nvmlReturn_t result;
        try
        {
            result = nvmlDeviceGetSupportedEventTypes(Handle, &types);
        }
        catch (EntryPointNotFoundException)
        {
            return 0;
        }

        return NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetSupportedEventTypes)) ? types : 0;
    }

    private static long? Integer(in nvmlFieldValue_t field) => field.valueType switch
    {
        nvmlValueType_t.NVML_VALUE_TYPE_UNSIGNED_INT => field.value.uiVal,
        nvmlValueType_t.NVML_VALUE_TYPE_SIGNED_INT => field.value.siVal,
        nvmlValueType_t.NVML_VALUE_TYPE_UNSIGNED_LONG => (long)field.value.ulVal,
        nvmlValueType_t.NVML_VALUE_TYPE_UNSIGNED_LONG_LONG => (long)field.value.ullVal,
        nvmlValueType_t.NVML_VALUE_TYPE_SIGNED_LONG_LONG => field.value.sllVal,
        nvmlValueType_t.NVML_VALUE_TYPE_UNSIGNED_SHORT => field.value.usVal,
        nvmlValueType_t.NVML_VALUE_TYPE_DOUBLE => (long)field.value.dVal,
        _ => null,
    };
}
