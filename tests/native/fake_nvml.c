/*
 * A fake libnvidia-ml.so.1 for tests: implements every function native/nvml.h declares,
 * with the behaviour NVML documents (uninitialised and argument checks, buffer sizes,
 * NVML_ERROR_INSUFFICIENT_SIZE with the needed count). The machine it describes is chosen
 * when NVML is initialised: fakeNvmlConfigure() if called, else FAKE_NVML_SCENARIO and
 * FAKE_NVML_GPUS (see fake_scenarios.h). Every NVML call is counted (fakeNvmlCallCount), and
 * the count is written to FAKE_NVML_COUNT_FILE, if set, at the last nvmlShutdown.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fake_scenarios.h"

#define EXPORT __attribute__((visibility("default")))

struct nvmlDevice_st
{
    unsigned int index;     /* the physical GPU (for MIG devices: the parent) */
    int mig;                /* 1 for a MIG device handle */
    unsigned int gpuInstance;
    unsigned int computeInstance;
    unsigned int slot;      /* MIG devices: the slot index under the parent */
    unsigned int profile;   /* MIG devices: an index into fake_mig_profiles */
};

struct nvmlEventSet_st
{
    unsigned long long registered[FAKE_MAX_GPUS];
    int delivered;
    long injected_read; /* bytes of FAKE_NVML_EVENTS_FILE this set has read (see fake_injected_wait) */
};

static int users;
static fake_scenario scenario;
static unsigned int gpu_count;
static struct nvmlDevice_st gpus[FAKE_MAX_GPUS];
static struct nvmlDevice_st migs[FAKE_MAX_GPUS * FAKE_MAX_MIG]; /* GPU g's slot k at g * FAKE_MAX_MIG + k */
static unsigned long long calls;
static char configured_name[32];
static int configured_gpus = -1;

/* ---- Test controls (not NVML) ------------------------------------------------------------ */

/* Chooses the machine of the next nvmlInit_v2 from an idle state; name NULL returns to the environment. */
EXPORT void fakeNvmlConfigure(const char *name, int gpuCount)
{
    if (name == NULL)
    {
        configured_name[0] = '\0';
    }
    else
    {
        snprintf(configured_name, sizeof configured_name, "%s", name);
    }
    configured_gpus = gpuCount;
}

static char configured_mig_file[512];

/* Names the MIG control file in-process (wins over FAKE_NVML_MIG_FILE); NULL returns to the environment. */
EXPORT void fakeNvmlConfigureMigFile(const char *path)
{
    snprintf(configured_mig_file, sizeof configured_mig_file, "%s", path == NULL ? "" : path);
}

EXPORT unsigned long long fakeNvmlCallCount(void)
{
    return __atomic_load_n(&calls, __ATOMIC_SEQ_CST);
}

EXPORT void fakeNvmlResetCallCount(void)
{
    __atomic_store_n(&calls, 0, __ATOMIC_SEQ_CST);
}

/* ---- Internals --------------------------------------------------------------------------- */

/* Telemetry and health section, at the end of this file. */
#define FAKE_SUPPORTED_EVENTS                                                                     \
    ((unsigned long long)(nvmlEventTypeXidCriticalError | nvmlEventTypeGpuUnavailableError | nvmlEventTypeGpuRecoveryAction))
static void fake_health_reset(void);
static long fake_injected_start(void);
static int fake_register_fails(unsigned int gpu);
static nvmlReturn_t fake_injected_wait(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms);
static void fake_mig_layout(void);
/* When FAKE_NVML_MIG_FILE was last read (see fake_mig_layout). */
static struct
{
    long long mtime_ns;
    long long size;
    int loaded;
} mig_file_state;
static int fake_mig_enabled(unsigned int gpu);

#define COUNT() __atomic_add_fetch(&calls, 1, __ATOMIC_SEQ_CST)

#define CHECK_INIT()                                                                              \
    do                                                                                            \
    {                                                                                             \
        COUNT();                                                                                  \
        if (users == 0)                                                                           \
            return NVML_ERROR_UNINITIALIZED;                                                      \
    } while (0)

/* Checks the handle and declares `i`, the GPU index behind it. */
#define CHECK_DEVICE(d)                                                                           \
    CHECK_INIT();                                                                                 \
    if (!valid_device(d))                                                                         \
        return NVML_ERROR_INVALID_ARGUMENT;                                                       \
    unsigned int i = (d)->index

/* Odd GPUs of the "unsupported" scenario support no optional query. */
#define OPTIONAL(i)                                                                               \
    do                                                                                            \
    {                                                                                             \
        if (scenario == FAKE_UNSUPPORTED && (i) % 2 == 1)                                         \
            return NVML_ERROR_NOT_SUPPORTED;                                                      \
    } while (0)

static int valid_device(nvmlDevice_t device)
{
    if (device == NULL)
    {
        return 0;
    }
    for (unsigned int k = 0; k < gpu_count; k++)
    {
        if (device == &gpus[k])
        {
            return 1;
        }
    }
    for (unsigned int k = 0; k < FAKE_MAX_GPUS * FAKE_MAX_MIG; k++)
    {
        if (device == &migs[k] && migs[k].mig)
        {
            return 1;
        }
    }
    return 0;
}

static nvmlReturn_t copy_text(char *buffer, unsigned int length, const char *text)
{
    if (buffer == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (strlen(text) + 1 > length)
    {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    memcpy(buffer, text, strlen(text) + 1);
    return NVML_SUCCESS;
}

static void fake_gpu_uuid(unsigned int gpu, char *text, size_t size)
{
    snprintf(text, size, "GPU-fa6e%04x-0000-4000-8000-%012x", gpu, 0x1000u + gpu);
}

/* R470+ form: MIG-<uuid>, one per GPU, GPU instance and compute instance. */
static void fake_mig_uuid(nvmlDevice_t mig, char *text, size_t size)
{
    snprintf(text, size, "MIG-fa6e%04x-%04x-5000-8000-%012x", mig->index, mig->gpuInstance, 0x2000u + mig->computeInstance);
}

/* Utilisation is not supported on MIG devices, nor on a GPU in MIG mode (NVML's notes); the
 * default machine keeps answering on its GPU 0, as older tests expect. */
#define NO_UTILIZATION_ON_MIG(d, i)                                                               \
    do                                                                                            \
    {                                                                                             \
        if ((d)->mig || (scenario == FAKE_MIG && fake_mig_enabled(i)))                            \
            return NVML_ERROR_NOT_SUPPORTED;                                                      \
    } while (0)

static fake_scenario scenario_by_name(const char *name)
{
    for (size_t k = 0; name != NULL && k < sizeof fake_scenario_names / sizeof fake_scenario_names[0]; k++)
    {
        if (strcmp(name, fake_scenario_names[k].name) == 0)
        {
            return fake_scenario_names[k].scenario;
        }
    }
    return FAKE_DEFAULT;
}

static void choose_machine(void)
{
    const char *name = configured_name[0] != '\0' ? configured_name : getenv("FAKE_NVML_SCENARIO");
    scenario = scenario_by_name(name);

    int count = 4;
    const char *env = getenv("FAKE_NVML_GPUS");
    if (configured_gpus >= 0)
    {
        count = configured_gpus;
    }
    else if (env != NULL && *env != '\0')
    {
        count = atoi(env);
    }
    if (count < 0)
    {
        count = 0;
    }
    if (count > FAKE_MAX_GPUS)
    {
        count = FAKE_MAX_GPUS;
    }
    gpu_count = scenario == FAKE_EMPTY ? 0 : (unsigned int)count;

    memset(gpus, 0, sizeof gpus);
    memset(migs, 0, sizeof migs);
    memset(&mig_file_state, 0, sizeof mig_file_state);
    fake_health_reset();
    for (unsigned int k = 0; k < gpu_count; k++)
    {
        gpus[k].index = k;
    }
    /* GPU 0 of the default machine is in MIG mode with two 1g.10gb MIG devices in slots 0 and 1. */
    if (scenario == FAKE_DEFAULT && gpu_count > 0)
    {
        for (unsigned int k = 0; k < 2; k++)
        {
            migs[k] = (struct nvmlDevice_st){.index = 0, .mig = 1, .gpuInstance = 1 + k, .computeInstance = 0, .slot = k, .profile = 0};
        }
    }
    fake_mig_layout();
}

/* ---- Initialisation and errors ----------------------------------------------------------- */

EXPORT nvmlReturn_t nvmlInit_v2(void)
{
    COUNT();
    if (users == 0)
    {
        choose_machine();
        if (scenario == FAKE_INIT_FAIL)
        {
            return NVML_ERROR_DRIVER_NOT_LOADED;
        }
    }
    users++;
    return NVML_SUCCESS;
}

/* FAKE_NVML_COUNT_FILE names a file that receives the call count (this call included) at the
 * last nvmlShutdown: how a benchmark counts the calls of a daemon running in another process. */
static void write_count_file(void)
{
    const char *path = getenv("FAKE_NVML_COUNT_FILE");
    if (path == NULL || *path == '\0')
    {
        return;
    }
    FILE *file = fopen(path, "w");
    if (file != NULL)
    {
        fprintf(file, "%llu\n", fakeNvmlCallCount());
        fclose(file);
    }
}

EXPORT nvmlReturn_t nvmlShutdown(void)
{
    CHECK_INIT();
    users--;
    if (users == 0)
    {
        write_count_file();
    }
    return NVML_SUCCESS;
}

/* NVML's own texts, so messages built from them read as on a real host. */
EXPORT const char *nvmlErrorString(nvmlReturn_t result)
{
    COUNT();
    switch (result)
    {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
    case NVML_ERROR_ALREADY_INITIALIZED: return "Already Initialized";
    case NVML_ERROR_NOT_FOUND: return "Not Found";
    case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    case NVML_ERROR_TIMEOUT: return "Timeout";
    case NVML_ERROR_LIBRARY_NOT_FOUND: return "NVML Shared Library Not Found";
    case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
    default: return "Unknown Error";
    }
}

/* ---- System ------------------------------------------------------------------------------ */

EXPORT nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length)
{
    CHECK_INIT();
    return copy_text(version, length, "550.54.15");
}

EXPORT nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int *cudaDriverVersion)
{
    CHECK_INIT();
    if (cudaDriverVersion == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (scenario == FAKE_UNSUPPORTED)
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    if (scenario == FAKE_NO_CUDA)
    {
        return NVML_ERROR_LIBRARY_NOT_FOUND;
    }
    *cudaDriverVersion = 12040;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlSystemGetProcessName(unsigned int pid, char *name, unsigned int length)
{
    CHECK_INIT();
    for (unsigned int g = 0; g < gpu_count; g++)
    {
        for (unsigned int k = 0; k < fake_process_count(scenario, g); k++)
        {
            if (fake_process_pid(g, k) == pid)
            {
                if (fake_process_vanished(scenario, g, k))
                {
                    return NVML_ERROR_NOT_FOUND;
                }
                char text[32];
                snprintf(text, sizeof text, "worker-%u", pid);
                return copy_text(name, length, text);
            }
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

/* ---- Device enumeration and identity ----------------------------------------------------- */

EXPORT nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount)
{
    CHECK_INIT();
    if (deviceCount == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *deviceCount = gpu_count;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device)
{
    CHECK_INIT();
    if (device == NULL || index >= gpu_count)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *device = &gpus[index];
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (device->mig)
    {
        char text[64];
        snprintf(text, sizeof text, "Fake H100 80GB HBM3 MIG %s", fake_mig_profiles[device->profile].name);
        return copy_text(name, length, text);
    }
    return copy_text(name, length, "Fake H100 80GB HBM3");
}

EXPORT nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length)
{
    CHECK_DEVICE(device);
    if (scenario == FAKE_NO_UUID && i == 1)
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    char text[NVML_DEVICE_UUID_V2_BUFFER_SIZE];
    if (device->mig)
    {
        fake_mig_uuid(device, text, sizeof text);
    }
    else
    {
        fake_gpu_uuid(i, text, sizeof text);
    }
    return copy_text(uuid, length, text);
}

/* Minor numbers swap neighbours (0<->1, 2<->3, ...): never equal to the index. */
EXPORT nvmlReturn_t nvmlDeviceGetMinorNumber(nvmlDevice_t device, unsigned int *minorNumber)
{
    CHECK_DEVICE(device);
    if (minorNumber == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (scenario == FAKE_DISCOVERY_ERROR && i == 0)
    {
        return NVML_ERROR_UNKNOWN;
    }
    if (scenario == FAKE_NO_MINOR && i == 1)
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *minorNumber = i ^ 1u;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t device, nvmlPciInfo_t *pci)
{
    CHECK_DEVICE(device);
    if (pci == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (scenario == FAKE_NO_PCI && i == 1)
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    memset(pci, 0, sizeof *pci);
    pci->domain = 0;
    pci->bus = 0x18 + 0x10 * i;
    pci->device = 0;
    pci->pciDeviceId = 0x233010de;
    pci->pciSubSystemId = 0x16c110de;
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%04X:%02X:%02X.0", pci->domain, pci->bus, pci->device);
    snprintf(pci->busId, sizeof pci->busId, "%08X:%02X:%02X.0", pci->domain, pci->bus, pci->device);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetArchitecture(nvmlDevice_t device, nvmlDeviceArchitecture_t *arch)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (arch == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *arch = NVML_DEVICE_ARCH_HOPPER;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetCudaComputeCapability(nvmlDevice_t device, int *major, int *minor)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (major == NULL || minor == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *major = 9;
    *minor = 0;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetNumGpuCores(nvmlDevice_t device, unsigned int *numCores)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (numCores == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *numCores = 16896;
    return NVML_SUCCESS;
}

/* Two GPUs per NUMA node. */
EXPORT nvmlReturn_t nvmlDeviceGetNumaNodeId(nvmlDevice_t device, unsigned int *node)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (node == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *node = i / 2;
    return NVML_SUCCESS;
}

/* ---- Device limits and static facts ------------------------------------------------------ */

EXPORT nvmlReturn_t nvmlDeviceGetPowerManagementLimit(nvmlDevice_t device, unsigned int *limit)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (limit == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *limit = 700000 - 1000 * i;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetBAR1MemoryInfo(nvmlDevice_t device, nvmlBAR1Memory_t *bar1Memory)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (bar1Memory == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    bar1Memory->bar1Total = 131072ULL << 20;
    bar1Memory->bar1Used = (2ULL + i) << 20;
    bar1Memory->bar1Free = bar1Memory->bar1Total - bar1Memory->bar1Used;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMaxPcieLinkGeneration(nvmlDevice_t device, unsigned int *maxLinkGen)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (maxLinkGen == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *maxLinkGen = 5;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMaxPcieLinkWidth(nvmlDevice_t device, unsigned int *maxLinkWidth)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (maxLinkWidth == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *maxLinkWidth = 16;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMaxClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (clock == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    switch (type)
    {
    case NVML_CLOCK_SM: *clock = 1980; return NVML_SUCCESS;
    case NVML_CLOCK_MEM: *clock = 2619; return NVML_SUCCESS;
    case NVML_CLOCK_GRAPHICS: *clock = 1980; return NVML_SUCCESS;
    case NVML_CLOCK_VIDEO: *clock = 1755; return NVML_SUCCESS;
    default: return NVML_ERROR_INVALID_ARGUMENT;
    }
}

EXPORT nvmlReturn_t nvmlDeviceGetMemoryBusWidth(nvmlDevice_t device, unsigned int *busWidth)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (busWidth == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *busWidth = 5120;
    return NVML_SUCCESS;
}

/* ECC is on for even GPUs and off for odd ones. */
EXPORT nvmlReturn_t nvmlDeviceGetEccMode(nvmlDevice_t device, nvmlEnableState_t *current, nvmlEnableState_t *pending)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (current == NULL || pending == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *current = i % 2 == 0 ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
    *pending = NVML_FEATURE_ENABLED;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetTopologyCommonAncestor(nvmlDevice_t device1, nvmlDevice_t device2, nvmlGpuTopologyLevel_t *pathInfo)
{
    CHECK_INIT();
    if (!valid_device(device1) || !valid_device(device2) || pathInfo == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (scenario == FAKE_UNSUPPORTED && (device1->index % 2 == 1 || device2->index % 2 == 1))
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *pathInfo = fake_topology(device1->index, device2->index);
    return NVML_SUCCESS;
}

/* Answers for reads (and every other capability) from fake_p2p_status, or fake_p2p_mix_status in
 * "p2pmix". Pairs of two odd GPUs of the "unsupported" scenario get NVML_ERROR_NOT_SUPPORTED; pairs
 * with GPU 1 of "p2perror" fail. */
EXPORT nvmlReturn_t nvmlDeviceGetP2PStatus(nvmlDevice_t device1, nvmlDevice_t device2, nvmlGpuP2PCapsIndex_t p2pIndex, nvmlGpuP2PStatus_t *p2pStatus)
{
    CHECK_INIT();
    if (!valid_device(device1) || !valid_device(device2) || device1->mig || device2->mig || p2pStatus == NULL || p2pIndex >= NVML_P2P_CAPS_INDEX_UNKNOWN)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (scenario == FAKE_UNSUPPORTED && device1->index % 2 == 1 && device2->index % 2 == 1)
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    if (scenario == FAKE_P2P_ERROR && (device1->index == 1 || device2->index == 1))
    {
        return NVML_ERROR_UNKNOWN;
    }
    *p2pStatus = scenario == FAKE_P2P_MIX ? fake_p2p_mix_status(device1->index, device2->index) : fake_p2p_status(device1->index, device2->index);
    return NVML_SUCCESS;
}

/* ---- NVLink ------------------------------------------------------------------------------ */

/* Checks a device and link for the NVLink queries: MIG handles and links past the GPU's count are
 * invalid arguments, as in NVML; odd GPUs of "unsupported" have no NVLink at all. */
static nvmlReturn_t fake_nvlink_check(nvmlDevice_t device, unsigned int link, const void *out)
{
    if (!valid_device(device) || device->mig || out == NULL || link >= fake_nvlink_count(scenario))
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (scenario == FAKE_UNSUPPORTED && device->index % 2 == 1)
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetNvLinkState(nvmlDevice_t device, unsigned int link, nvmlEnableState_t *isActive)
{
    CHECK_INIT();
    nvmlReturn_t check = fake_nvlink_check(device, link, isActive);
    if (check != NVML_SUCCESS)
    {
        return check;
    }
    *isActive = fake_nvlink_remote(scenario, device->index, link, gpu_count) != FAKE_NVLINK_NONE ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetNvLinkRemotePciInfo_v2(nvmlDevice_t device, unsigned int link, nvmlPciInfo_t *pci)
{
    CHECK_INIT();
    nvmlReturn_t check = fake_nvlink_check(device, link, pci);
    if (check != NVML_SUCCESS)
    {
        return check;
    }
    int remote = fake_nvlink_remote(scenario, device->index, link, gpu_count);
    if (remote == FAKE_NVLINK_NONE)
    {
        return NVML_ERROR_NOT_SUPPORTED; /* an inactive link has no far end */
    }
    memset(pci, 0, sizeof *pci);
    /* A GPU's bus as nvmlDeviceGetPciInfo_v3 gives it; an NVSwitch on buses 0xc0 and up. */
    pci->bus = remote == FAKE_NVLINK_SWITCH ? 0xc0 + link % 4 : 0x18 + 0x10 * (unsigned int)remote;
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%04X:%02X:%02X.0", pci->domain, pci->bus, pci->device);
    snprintf(pci->busId, sizeof pci->busId, "%08X:%02X:%02X.0", pci->domain, pci->bus, pci->device);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetNvLinkRemoteDeviceType(nvmlDevice_t device, unsigned int link, nvmlIntNvLinkDeviceType_t *pNvLinkDeviceType)
{
    CHECK_INIT();
    nvmlReturn_t check = fake_nvlink_check(device, link, pNvLinkDeviceType);
    if (check != NVML_SUCCESS)
    {
        return check;
    }
    int remote = fake_nvlink_remote(scenario, device->index, link, gpu_count);
    *pNvLinkDeviceType = remote == FAKE_NVLINK_NONE     ? NVML_NVLINK_DEVICE_TYPE_UNKNOWN
                         : remote == FAKE_NVLINK_SWITCH ? NVML_NVLINK_DEVICE_TYPE_SWITCH
                                                        : NVML_NVLINK_DEVICE_TYPE_GPU;
    return NVML_SUCCESS;
}

/* ---- Device status ----------------------------------------------------------------------- */

EXPORT nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (power == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (scenario == FAKE_ERROR && i == 1)
    {
        return NVML_ERROR_UNKNOWN;
    }
    *power = 100000 + 1000 * i + 999; /* truncated to whole watts */
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType, unsigned int *temp)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (temp == NULL || sensorType != NVML_TEMPERATURE_GPU)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *temp = 30 + i;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    NO_UTILIZATION_ON_MIG(device, i);
    if (utilization == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    utilization->gpu = 10 * (i + 1);
    utilization->memory = 5 * (i + 1);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetEncoderUtilization(nvmlDevice_t device, unsigned int *utilization, unsigned int *samplingPeriodUs)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    NO_UTILIZATION_ON_MIG(device, i);
    if (utilization == NULL || samplingPeriodUs == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *utilization = 1 + i;
    *samplingPeriodUs = 167000;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetDecoderUtilization(nvmlDevice_t device, unsigned int *utilization, unsigned int *samplingPeriodUs)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    NO_UTILIZATION_ON_MIG(device, i);
    if (utilization == NULL || samplingPeriodUs == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *utilization = 2 + 2 * i;
    *samplingPeriodUs = 167000;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (memory == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (device->mig)
    {
        memory->total = fake_mig_profiles[device->profile].memoryMiB << 20;
        memory->used = (64ULL + device->gpuInstance) << 20;
        memory->free = memory->total - memory->used;
        return NVML_SUCCESS;
    }
    memory->total = 81559ULL << 20;
    memory->used = (1024ULL * (i + 1) + 7) << 20;
    memory->free = memory->total - memory->used;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (clock == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    switch (type)
    {
    case NVML_CLOCK_SM: *clock = 1500 + i; return NVML_SUCCESS;
    case NVML_CLOCK_MEM:
        if (scenario == FAKE_ERROR && i == 2)
        {
            return NVML_ERROR_NOT_SUPPORTED;
        }
        *clock = 2619;
        return NVML_SUCCESS;
    case NVML_CLOCK_GRAPHICS: *clock = 1500 + i; return NVML_SUCCESS;
    case NVML_CLOCK_VIDEO: *clock = 1200; return NVML_SUCCESS;
    default: return NVML_ERROR_INVALID_ARGUMENT;
    }
}

EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *infoCount, nvmlProcessInfo_t *infos)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (infoCount == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned int count = device->mig ? 0 : fake_process_count(scenario, i);
    if (*infoCount < count)
    {
        *infoCount = count;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (count > 0 && infos == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    for (unsigned int k = 0; k < count; k++)
    {
        infos[k].pid = fake_process_pid(i, k);
        infos[k].usedGpuMemory = (256ULL * (k + 1)) << 20;
        infos[k].gpuInstanceId = 0xFFFFFFFFu;
        infos[k].computeInstanceId = 0xFFFFFFFFu;
    }
    *infoCount = count;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMemoryErrorCounter(nvmlDevice_t device, nvmlMemoryErrorType_t errorType, nvmlEccCounterType_t counterType, nvmlMemoryLocation_t locationType, unsigned long long *count)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (count == NULL || errorType >= NVML_MEMORY_ERROR_TYPE_COUNT || counterType >= NVML_ECC_COUNTER_TYPE_COUNT)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    /* Like Ampere and Hopper boards, even GPUs of the "unsupported" scenario count ECC errors
       in device memory but not per cache. */
    if (scenario == FAKE_UNSUPPORTED && locationType != NVML_MEMORY_LOCATION_DEVICE_MEMORY)
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    switch (locationType)
    {
    case NVML_MEMORY_LOCATION_L1_CACHE: *count = 0; return NVML_SUCCESS;
    case NVML_MEMORY_LOCATION_L2_CACHE: *count = i; return NVML_SUCCESS;
    case NVML_MEMORY_LOCATION_DEVICE_MEMORY: *count = 2ULL * i + (counterType == NVML_AGGREGATE_ECC ? 100 : 0); return NVML_SUCCESS;
    default: return NVML_ERROR_NOT_SUPPORTED;
    }
}

EXPORT nvmlReturn_t nvmlDeviceGetPcieThroughput(nvmlDevice_t device, nvmlPcieUtilCounter_t counter, unsigned int *value)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (value == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    switch (counter)
    {
    case NVML_PCIE_UTIL_RX_BYTES: *value = 1000 * (i + 1) + 999; return NVML_SUCCESS;
    case NVML_PCIE_UTIL_TX_BYTES: *value = 2000 * (i + 1); return NVML_SUCCESS;
    default: return NVML_ERROR_INVALID_ARGUMENT;
    }
}

/* ---- Multi-Instance GPU ------------------------------------------------------------------ */

/* Built with FAKE_NVML_WITHOUT_MIG, the library lacks every MIG symbol, as a driver older than
 * R450 does (FakeNvml.targets builds that variant into fake-nvml-nomig/). */
#ifndef FAKE_NVML_WITHOUT_MIG

/* FAKE_NVML_MIG_MODE_LOST_FILE names a file whose presence makes the MIG mode query fail as it
 * does once a GPU has fallen off the bus; checked at every call, so a test removes the file and
 * the driver answers again. */
static int fake_mig_mode_lost(void)
{
    const char *path = getenv("FAKE_NVML_MIG_MODE_LOST_FILE");
    struct stat info;
    return path != NULL && *path != '\0' && stat(path, &info) == 0;
}

EXPORT nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t device, unsigned int *currentMode, unsigned int *pendingMode)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (currentMode == NULL || pendingMode == NULL || device->mig)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (fake_mig_mode_lost())
    {
        return NVML_ERROR_GPU_IS_LOST;
    }
    *currentMode = *pendingMode = fake_mig_enabled(i) ? NVML_DEVICE_MIG_ENABLE : NVML_DEVICE_MIG_DISABLE;
    return NVML_SUCCESS;
}

/* As NVML: 7 on a GPU in MIG mode, 0 on one that is not. */
EXPORT nvmlReturn_t nvmlDeviceGetMaxMigDeviceCount(nvmlDevice_t device, unsigned int *count)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (count == NULL || device->mig)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *count = fake_mig_enabled(i) || scenario != FAKE_MIG ? FAKE_MAX_MIG : 0;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t device, unsigned int index, nvmlDevice_t *migDevice)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (migDevice == NULL || device->mig || index >= FAKE_MAX_MIG)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    fake_mig_layout();
    struct nvmlDevice_st *slot = &migs[i * FAKE_MAX_MIG + index];
    if (!slot->mig)
    {
        return NVML_ERROR_NOT_FOUND;
    }
    *migDevice = slot;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstanceId(nvmlDevice_t device, unsigned int *id)
{
    CHECK_DEVICE(device);
    (void)i;
    if (id == NULL || !device->mig)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *id = device->gpuInstance;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetComputeInstanceId(nvmlDevice_t device, unsigned int *id)
{
    CHECK_DEVICE(device);
    (void)i;
    if (id == NULL || !device->mig)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *id = device->computeInstance;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceIsMigDeviceHandle(nvmlDevice_t device, unsigned int *isMigDevice)
{
    CHECK_DEVICE(device);
    (void)i;
    if (isMigDevice == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *isMigDevice = device->mig ? 1u : 0u;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nvmlDevice_t migDevice, nvmlDevice_t *device)
{
    CHECK_DEVICE(migDevice);
    if (device == NULL || !migDevice->mig)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *device = &gpus[i];
    return NVML_SUCCESS;
}

/* MIG devices only (NVML answers "not supported" for a whole GPU). */
EXPORT nvmlReturn_t nvmlDeviceGetAttributes_v2(nvmlDevice_t device, nvmlDeviceAttributes_t *attributes)
{
    CHECK_DEVICE(device);
    (void)i;
    if (attributes == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (!device->mig)
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    const struct fake_mig_profile *profile = &fake_mig_profiles[device->profile];
    *attributes = (nvmlDeviceAttributes_t){
        .multiprocessorCount = profile->multiprocessors,
        .sharedCopyEngineCount = profile->slices,
        .sharedDecoderCount = profile->slices,
        .gpuInstanceSliceCount = profile->slices,
        .computeInstanceSliceCount = profile->slices,
        .memorySizeMB = profile->memoryMiB,
    };
    return NVML_SUCCESS;
}

#endif /* FAKE_NVML_WITHOUT_MIG */

/* A GPU UUID, a MIG UUID, or the legacy MIG form MIG-GPU-<parent uuid>/<gi>/<ci>. */
EXPORT nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *uuid, nvmlDevice_t *device)
{
    CHECK_INIT();
    if (uuid == NULL || device == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    fake_mig_layout();
    char text[NVML_DEVICE_UUID_V2_BUFFER_SIZE];
    for (unsigned int g = 0; g < gpu_count; g++)
    {
        fake_gpu_uuid(g, text, sizeof text);
        if (strcmp(uuid, text) == 0)
        {
            *device = &gpus[g];
            return NVML_SUCCESS;
        }
    }
    for (unsigned int k = 0; k < FAKE_MAX_GPUS * FAKE_MAX_MIG; k++)
    {
        if (!migs[k].mig || migs[k].index >= gpu_count)
        {
            continue;
        }
        char legacy[NVML_DEVICE_UUID_V2_BUFFER_SIZE + 32];
        fake_mig_uuid(&migs[k], text, sizeof text);
        char parent[NVML_DEVICE_UUID_V2_BUFFER_SIZE];
        fake_gpu_uuid(migs[k].index, parent, sizeof parent);
        snprintf(legacy, sizeof legacy, "MIG-%s/%u/%u", parent, migs[k].gpuInstance, migs[k].computeInstance);
        if (strcmp(uuid, text) == 0 || strcmp(uuid, legacy) == 0)
        {
            *device = &migs[k];
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

/* ---- Events ------------------------------------------------------------------------------ */

EXPORT nvmlReturn_t nvmlEventSetCreate(nvmlEventSet_t *set)
{
    CHECK_INIT();
    if (set == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *set = calloc(1, sizeof **set);
    if (*set == NULL)
    {
        return NVML_ERROR_MEMORY;
    }
    (*set)->injected_read = fake_injected_start();
    return NVML_SUCCESS;
}

/* Xid critical errors, GPU-unavailable and recovery-action events are supported (FAKE_SUPPORTED_EVENTS). */
EXPORT nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t device, unsigned long long eventTypes, nvmlEventSet_t set)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (set == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (fake_register_fails(i))
    {
        return NVML_ERROR_UNKNOWN;
    }
    if ((eventTypes & FAKE_SUPPORTED_EVENTS) == 0)
    {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    set->registered[i] |= eventTypes & FAKE_SUPPORTED_EVENTS;
    return NVML_SUCCESS;
}

/* GPU 0 reports one Xid 79 (fallen off the bus) per event set; then the set times out. With
 * FAKE_NVML_EVENTS_FILE set, that file is the only source of events instead (fake_injected_wait). */
EXPORT nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms)
{
    CHECK_INIT();
    if (set == NULL || data == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (getenv("FAKE_NVML_EVENTS_FILE") != NULL)
    {
        return fake_injected_wait(set, data, timeoutms);
    }
    if (!set->delivered && gpu_count > 0 && set->registered[0] != 0)
    {
        set->delivered = 1;
        *data = (nvmlEventData_t){
            .device = &gpus[0],
            .eventType = (unsigned long long)nvmlEventTypeXidCriticalError,
            .eventData = 79,
            .gpuInstanceId = 0xFFFFFFFFu,
            .computeInstanceId = 0xFFFFFFFFu,
        };
        return NVML_SUCCESS;
    }
    unsigned int wait = timeoutms < 10 ? timeoutms : 10;
    struct timespec pause = {.tv_sec = 0, .tv_nsec = (long)wait * 1000000L};
    nanosleep(&pause, NULL);
    return NVML_ERROR_TIMEOUT;
}

EXPORT nvmlReturn_t nvmlEventSetFree(nvmlEventSet_t set)
{
    CHECK_INIT();
    if (set == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    free(set);
    return NVML_SUCCESS;
}

/* ---- Telemetry and health ---------------------------------------------------------------- */

/*
 * The values metrics read beyond a status, and injected events for health tests:
 *   FAKE_NVML_EVENTS_FILE    a file a test appends lines to, each one event (see fake_injected_wait);
 *   FAKE_NVML_REGISTER_FAIL  "<gpu>[:<count>]": nvmlDeviceRegisterEvents fails with NVML_ERROR_UNKNOWN
 *                            for that GPU, the first <count> times (always without a count).
 */

static unsigned int recovery_action[FAKE_MAX_GPUS];
static unsigned int register_failures[FAKE_MAX_GPUS];
static int lost[FAKE_MAX_GPUS];

static void fake_health_reset(void)
{
    memset(recovery_action, 0, sizeof recovery_action);
    memset(lost, 0, sizeof lost);
    memset(register_failures, 0, sizeof register_failures);
    const char *fail = getenv("FAKE_NVML_REGISTER_FAIL");
    if (fail != NULL && *fail != '\0')
    {
        char *end;
        unsigned long gpu = strtoul(fail, &end, 10);
        unsigned long count = *end == ':' ? strtoul(end + 1, NULL, 10) : 0xFFFFFFFFul;
        if (gpu < FAKE_MAX_GPUS)
        {
            register_failures[gpu] = (unsigned int)count;
        }
    }
}

static int fake_register_fails(unsigned int gpu)
{
    if (register_failures[gpu] == 0)
    {
        return 0;
    }
    if (register_failures[gpu] != 0xFFFFFFFFu)
    {
        register_failures[gpu]--;
    }
    return 1;
}

/* A new event set sees only events written after it was created, as NVML records none before. */
static long fake_injected_start(void)
{
    const char *path = getenv("FAKE_NVML_EVENTS_FILE");
    FILE *file = path != NULL ? fopen(path, "r") : NULL;
    if (file == NULL)
    {
        return 0;
    }
    fseek(file, 0, SEEK_END);
    long end = ftell(file);
    fclose(file);
    return end < 0 ? 0 : end;
}

/*
 * Reads the set's next complete line, "<gpu> <xid> [<recovery action> [<gi> <ci>]]" or
 * "<gpu> <word>"; an Xid with <gi> <ci> is attributed to that MIG instance (0xFFFFFFFF otherwise).
 * Returns 1 with the event filled in, 2 when the wait must fail, 0 when the line concerns no GPU
 * of this set, -1 at the end. An Xid line sets the GPU's recovery action when it names one; Xid 0
 * is no Xid: only the recovery action changes (an nvmlEventTypeGpuRecoveryAction event). Words:
 * "waitfail" makes the wait of a set watching that GPU fail with NVML_ERROR_UNKNOWN; "lost" is a
 * GPU-unavailable event, after which the GPU's field values fail with NVML_ERROR_GPU_IS_LOST
 * until a "back" line.
 */
static int fake_next_line(nvmlEventSet_t set, nvmlEventData_t *data)
{
    const char *path = getenv("FAKE_NVML_EVENTS_FILE");
    FILE *file = fopen(path, "r");
    if (file == NULL || fseek(file, set->injected_read, SEEK_SET) != 0)
    {
        if (file != NULL)
        {
            fclose(file);
        }
        return -1;
    }
    char line[128];
    if (fgets(line, sizeof line, file) == NULL || strchr(line, '\n') == NULL)
    {
        fclose(file); /* nothing new, or a line still being written */
        return -1;
    }
    set->injected_read = ftell(file);
    fclose(file);

    unsigned int gpu, xid, action;
    char word[16];
    if (sscanf(line, "%u %15s", &gpu, word) == 2 && gpu < gpu_count && (word[0] < '0' || word[0] > '9'))
    {
        if (strcmp(word, "waitfail") == 0)
        {
            return set->registered[gpu] != 0 ? 2 : 0;
        }
        lost[gpu] = strcmp(word, "lost") == 0;
        if (!lost[gpu] || (set->registered[gpu] & (unsigned long long)nvmlEventTypeGpuUnavailableError) == 0)
        {
            return 0;
        }
        *data = (nvmlEventData_t){
            .device = &gpus[gpu],
            .eventType = (unsigned long long)nvmlEventTypeGpuUnavailableError,
            .gpuInstanceId = 0xFFFFFFFFu,
            .computeInstanceId = 0xFFFFFFFFu,
        };
        return 1;
    }
    unsigned int gi = 0xFFFFFFFFu, ci = 0xFFFFFFFFu;
    int fields = sscanf(line, "%u %u %u %u %u", &gpu, &xid, &action, &gi, &ci);
    if (fields < 2 || gpu >= gpu_count)
    {
        return 0;
    }
    if (fields < 5)
    {
        gi = ci = 0xFFFFFFFFu; /* not attributed to a MIG instance */
    }
    if (fields >= 3)
    {
        recovery_action[gpu] = action;
    }
    unsigned long long type = xid != 0 ? (unsigned long long)nvmlEventTypeXidCriticalError : (unsigned long long)nvmlEventTypeGpuRecoveryAction;
    if ((set->registered[gpu] & type) == 0)
    {
        return 0;
    }
    *data = (nvmlEventData_t){
        .device = &gpus[gpu],
        .eventType = type,
        .eventData = xid,
        .gpuInstanceId = gi,
        .computeInstanceId = ci,
    };
    return 1;
}

/* Polls the events file every 5 ms until an event for this set arrives or the timeout passes. */
static nvmlReturn_t fake_injected_wait(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms)
{
    unsigned int waited = 0;
    for (;;)
    {
        int next;
        while ((next = fake_next_line(set, data)) == 0)
        {
        }
        if (next == 1)
        {
            return NVML_SUCCESS;
        }
        if (next == 2)
        {
            return NVML_ERROR_UNKNOWN;
        }
        if (waited >= timeoutms)
        {
            return NVML_ERROR_TIMEOUT;
        }
        unsigned int step = timeoutms - waited < 5 ? timeoutms - waited : 5;
        struct timespec pause = {.tv_sec = 0, .tv_nsec = (long)step * 1000000L};
        nanosleep(&pause, NULL);
        waited += step;
    }
}

/* Memory v2: 500 + i MiB reserved; used as in nvmlDeviceGetMemoryInfo; free is the rest. */
EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (memory == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (memory->version != ((unsigned int)sizeof(nvmlMemory_v2_t) | (2u << 24)))
    {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    memory->total = 81559ULL << 20;
    memory->reserved = (500ULL + i) << 20;
    memory->used = (1024ULL * (i + 1) + 7) << 20;
    memory->free = memory->total - memory->reserved - memory->used;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (energy == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *energy = 5000000000ULL + 1000ULL * i; /* mJ */
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetPcieReplayCounter(nvmlDevice_t device, unsigned int *value)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (value == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *value = 3 * i;
    return NVML_SUCCESS;
}

/* Uncorrected totals are the sums of nvmlDeviceGetMemoryErrorCounter's locations (3i, 3i + 100). */
EXPORT nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t device, nvmlMemoryErrorType_t errorType, nvmlEccCounterType_t counterType, unsigned long long *eccCounts)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (eccCounts == NULL || errorType >= NVML_MEMORY_ERROR_TYPE_COUNT || counterType >= NVML_ECC_COUNTER_TYPE_COUNT)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned long long aggregate = counterType == NVML_AGGREGATE_ECC;
    *eccCounts = errorType == NVML_MEMORY_ERROR_TYPE_UNCORRECTED ? 3ULL * i + 100 * aggregate : 10ULL + i + 1000 * aggregate;
    return NVML_SUCCESS;
}

/* GPU i has i correctable and i / 2 uncorrectable remapped rows; GPU 3 has a remapping pending. */
EXPORT nvmlReturn_t nvmlDeviceGetRemappedRows(nvmlDevice_t device, unsigned int *corrRows, unsigned int *uncRows, unsigned int *isPending, unsigned int *failureOccurred)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (corrRows == NULL || uncRows == NULL || isPending == NULL || failureOccurred == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *corrRows = i;
    *uncRows = i / 2;
    *isPending = i == 3;
    *failureOccurred = 0;
    return NVML_SUCCESS;
}

/* Memory temperature (40 + i °C) and the recovery action; any other field is not supported. */
EXPORT nvmlReturn_t nvmlDeviceGetFieldValues(nvmlDevice_t device, int valuesCount, nvmlFieldValue_t *values)
{
    CHECK_DEVICE(device);
    if (values == NULL || valuesCount < 0)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (lost[i])
    {
        return NVML_ERROR_GPU_IS_LOST;
    }
    for (int k = 0; k < valuesCount; k++)
    {
        nvmlFieldValue_t *v = &values[k];
        v->timestamp = 0;
        v->latencyUsec = 0;
        v->valueType = NVML_VALUE_TYPE_UNSIGNED_INT;
        v->nvmlReturn = NVML_SUCCESS;
        if (scenario == FAKE_UNSUPPORTED && i % 2 == 1)
        {
            v->nvmlReturn = NVML_ERROR_NOT_SUPPORTED;
        }
        else if (v->fieldId == NVML_FI_DEV_MEMORY_TEMP)
        {
            v->value.uiVal = 40 + i;
        }
        else if (v->fieldId == NVML_FI_DEV_GET_GPU_RECOVERY_ACTION)
        {
            v->value.uiVal = recovery_action[i];
        }
        else
        {
            v->nvmlReturn = NVML_ERROR_NOT_SUPPORTED;
        }
    }
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetSupportedEventTypes(nvmlDevice_t device, unsigned long long *eventTypes)
{
    CHECK_DEVICE(device);
    OPTIONAL(i);
    if (eventTypes == NULL)
    {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *eventTypes = FAKE_SUPPORTED_EVENTS;
    return NVML_SUCCESS;
}

/* ---- MIG layout -------------------------------------------------------------------------- */

/*
 * The "mig" machine: GPUs 0 and 1 are in MIG mode, the others are not. Without a control file,
 * GPU 0 holds 3g.40gb (GI 2) in slot 0, 2g.20gb (GI 3) in slot 1, slot 2 empty, and 1g.10gb
 * (GIs 9 and 10) in slots 3 and 4, every one with compute instance 0; GPU 1 has no instances.
 * FAKE_NVML_MIG_FILE names a control file a test rewrites to change the layout at run time, one
 * MIG device a line: "<gpu> <slot> <gi> <ci> <profile>" (profile: 1g.10gb, 2g.20gb, 3g.40gb,
 * 4g.40gb or 7g.80gb). It is read again whenever its size or time changes, into the same handle
 * slots: a handle kept across a change now describes another instance, as on NVML.
 */

static int fake_mig_enabled(unsigned int gpu)
{
    return (scenario == FAKE_DEFAULT && gpu == 0) || (scenario == FAKE_MIG && gpu < 2);
}

static unsigned int fake_profile_by_name(const char *name)
{
    for (unsigned int p = 0; p < sizeof fake_mig_profiles / sizeof fake_mig_profiles[0]; p++)
    {
        if (strcmp(name, fake_mig_profiles[p].name) == 0)
        {
            return p;
        }
    }
    return 0xFFFFFFFFu;
}

static void fake_mig_set(unsigned int gpu, unsigned int slot, unsigned int gi, unsigned int ci, unsigned int profile)
{
    migs[gpu * FAKE_MAX_MIG + slot] = (struct nvmlDevice_st){
        .index = gpu, .mig = 1, .gpuInstance = gi, .computeInstance = ci, .slot = slot, .profile = profile};
}

static void fake_mig_layout(void)
{
    if (scenario != FAKE_MIG)
    {
        return;
    }
    const char *path = configured_mig_file[0] != '\0' ? configured_mig_file : getenv("FAKE_NVML_MIG_FILE");
    if (path == NULL || *path == '\0')
    {
        if (!mig_file_state.loaded)
        {
            memset(migs, 0, sizeof migs);
            fake_mig_set(0, 0, 2, 0, fake_profile_by_name("3g.40gb"));
            fake_mig_set(0, 1, 3, 0, fake_profile_by_name("2g.20gb"));
            fake_mig_set(0, 3, 9, 0, fake_profile_by_name("1g.10gb"));
            fake_mig_set(0, 4, 10, 0, fake_profile_by_name("1g.10gb"));
            mig_file_state.loaded = 1;
        }
        return;
    }
    struct stat info;
    if (stat(path, &info) != 0)
    {
        return;
    }
    long long mtime = (long long)info.st_mtim.tv_sec * 1000000000LL + info.st_mtim.tv_nsec;
    if (mig_file_state.loaded && mtime == mig_file_state.mtime_ns && (long long)info.st_size == mig_file_state.size)
    {
        return;
    }
    FILE *file = fopen(path, "r");
    if (file == NULL)
    {
        return;
    }
    memset(migs, 0, sizeof migs);
    char line[128];
    while (fgets(line, sizeof line, file) != NULL)
    {
        unsigned int gpu, slot, gi, ci;
        char name[16];
        if (sscanf(line, "%u %u %u %u %15s", &gpu, &slot, &gi, &ci, name) != 5)
        {
            continue;
        }
        unsigned int profile = fake_profile_by_name(name);
        if (gpu < gpu_count && fake_mig_enabled(gpu) && slot < FAKE_MAX_MIG && profile != 0xFFFFFFFFu)
        {
            fake_mig_set(gpu, slot, gi, ci, profile);
        }
    }
    fclose(file);
    mig_file_state.mtime_ns = mtime;
    mig_file_state.size = (long long)info.st_size;
    mig_file_state.loaded = 1;
}
