/*
 * Prints the C compiler's layout of every struct in native/nvml.h, one line each:
 *   <type> size <bytes>
 *   <type>.<field> <offset>
 * The layout test compares it with the generated C# structs.
 */
#include <stddef.h>
#include <stdio.h>

#include "nvml.h"

#define SIZE(t) printf("%s size %zu\n", #t, sizeof(t))
#define FIELD(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(t, f))

int main(void)
{
    SIZE(nvmlPciInfo_t);
    FIELD(nvmlPciInfo_t, busIdLegacy);
    FIELD(nvmlPciInfo_t, domain);
    FIELD(nvmlPciInfo_t, bus);
    FIELD(nvmlPciInfo_t, device);
    FIELD(nvmlPciInfo_t, pciDeviceId);
    FIELD(nvmlPciInfo_t, pciSubSystemId);
    FIELD(nvmlPciInfo_t, busId);

    SIZE(nvmlUtilization_t);
    FIELD(nvmlUtilization_t, gpu);
    FIELD(nvmlUtilization_t, memory);

    SIZE(nvmlMemory_t);
    FIELD(nvmlMemory_t, total);
    FIELD(nvmlMemory_t, free);
    FIELD(nvmlMemory_t, used);

    SIZE(nvmlBAR1Memory_t);
    FIELD(nvmlBAR1Memory_t, bar1Total);
    FIELD(nvmlBAR1Memory_t, bar1Free);
    FIELD(nvmlBAR1Memory_t, bar1Used);

    SIZE(nvmlProcessInfo_t);
    FIELD(nvmlProcessInfo_t, pid);
    FIELD(nvmlProcessInfo_t, usedGpuMemory);
    FIELD(nvmlProcessInfo_t, gpuInstanceId);
    FIELD(nvmlProcessInfo_t, computeInstanceId);

    SIZE(nvmlEventData_t);
    FIELD(nvmlEventData_t, device);
    FIELD(nvmlEventData_t, eventType);
    FIELD(nvmlEventData_t, eventData);
    FIELD(nvmlEventData_t, gpuInstanceId);
    FIELD(nvmlEventData_t, computeInstanceId);
    SIZE(nvmlValue_t);
    FIELD(nvmlValue_t, dVal);
    FIELD(nvmlValue_t, siVal);
    FIELD(nvmlValue_t, uiVal);
    FIELD(nvmlValue_t, ulVal);
    FIELD(nvmlValue_t, ullVal);
    FIELD(nvmlValue_t, sllVal);
    FIELD(nvmlValue_t, usVal);

    SIZE(nvmlFieldValue_t);
    FIELD(nvmlFieldValue_t, fieldId);
    FIELD(nvmlFieldValue_t, scopeId);
    FIELD(nvmlFieldValue_t, timestamp);
    FIELD(nvmlFieldValue_t, latencyUsec);
    FIELD(nvmlFieldValue_t, valueType);
    FIELD(nvmlFieldValue_t, nvmlReturn);
    FIELD(nvmlFieldValue_t, value);

    SIZE(nvmlMemory_v2_t);
    FIELD(nvmlMemory_v2_t, version);
    FIELD(nvmlMemory_v2_t, total);
    FIELD(nvmlMemory_v2_t, reserved);
    FIELD(nvmlMemory_v2_t, free);
    FIELD(nvmlMemory_v2_t, used);

    SIZE(nvmlDeviceAttributes_t);
    FIELD(nvmlDeviceAttributes_t, multiprocessorCount);
    FIELD(nvmlDeviceAttributes_t, sharedCopyEngineCount);
    FIELD(nvmlDeviceAttributes_t, sharedDecoderCount);
    FIELD(nvmlDeviceAttributes_t, sharedEncoderCount);
    FIELD(nvmlDeviceAttributes_t, sharedJpegCount);
    FIELD(nvmlDeviceAttributes_t, sharedOfaCount);
    FIELD(nvmlDeviceAttributes_t, gpuInstanceSliceCount);
    FIELD(nvmlDeviceAttributes_t, computeInstanceSliceCount);
    FIELD(nvmlDeviceAttributes_t, memorySizeMB);
    return 0;
}
