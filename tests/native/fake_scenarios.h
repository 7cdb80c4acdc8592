/*
 * Scenario data for fake_nvml.c: what each fake GPU reports. Values are chosen so every
 * field differs per device (index i) and a wrong mapping shows in the snapshots.
 */
#ifndef FAKE_SCENARIOS_H
#define FAKE_SCENARIOS_H

#include "nvml.h"

#define FAKE_MAX_GPUS 8
#define FAKE_MAX_PROCESSES 64
#define FAKE_MAX_MIG 7

typedef enum fake_scenario
{
    /* 4 GPUs (FAKE_NVML_GPUS), everything supported, a few processes, MIG on GPU 0. */
    FAKE_DEFAULT,
    /* Odd GPUs answer NVML_ERROR_NOT_SUPPORTED to every optional query; no CUDA version. */
    FAKE_UNSUPPORTED,
    /* Status errors: power usage fails on GPU 1 (Unknown Error); GPU 2 has an SM clock but no memory clock. */
    FAKE_ERROR,
    /* nvmlInit_v2 fails: the driver is not loaded. */
    FAKE_INIT_FAIL,
    /* Discovery: GPU 1 has no UUID (unsupported GPU device). */
    FAKE_NO_UUID,
    /* Discovery: GPU 1 has no minor number (unsupported GPU device). */
    FAKE_NO_MINOR,
    /* Discovery: GPU 1 has no PCI info (unsupported GPU device). */
    FAKE_NO_PCI,
    /* Discovery: the minor number of GPU 0 fails with an unknown error. */
    FAKE_DISCOVERY_ERROR,
    /* No GPUs at all. */
    FAKE_EMPTY,
    /* More than v1's 32 compute processes: 40 on GPU 0, 33 on GPU 1. */
    FAKE_BUSY,
    /* The default machine without CUDA's driver library: no CUDA version (NVML_ERROR_LIBRARY_NOT_FOUND). */
    FAKE_NO_CUDA,
    /* Discovery: the peer-to-peer query of every pair with GPU 1 fails with an unknown error. */
    FAKE_P2P_ERROR,
    /* Processes as in the default machine, but the last one listed on each GPU has exited before its name is read. */
    FAKE_VANISHING,
    /* The default machine on an NVSwitch fabric: every GPU's 18 NVLinks go to switches. */
    FAKE_NVSWITCH,
    /* MIG: GPUs 0 and 1 in MIG mode (GPU 0 with several profiles and an empty slot, GPU 1 with no
       instances), the others not; the layout can change at run time (FAKE_NVML_MIG_FILE). */
    FAKE_MIG,
    /* The default machine's GPUs (without its MIG devices and events) where GPU 0 and GPU k
       (k = 1..7) have the k-th peer-to-peer status,
       NVML_P2P_STATUS_OK first: every reason the driver gives shows on one pair (8 GPUs). */
    FAKE_P2P_MIX,
} fake_scenario;

static const struct
{
    const char *name;
    fake_scenario scenario;
} fake_scenario_names[] = {
    {"default", FAKE_DEFAULT},
    {"unsupported", FAKE_UNSUPPORTED},
    {"error", FAKE_ERROR},
    {"initfail", FAKE_INIT_FAIL},
    {"nouuid", FAKE_NO_UUID},
    {"nominor", FAKE_NO_MINOR},
    {"nopci", FAKE_NO_PCI},
    {"discoveryerror", FAKE_DISCOVERY_ERROR},
    {"empty", FAKE_EMPTY},
    {"busy", FAKE_BUSY},
    {"nocuda", FAKE_NO_CUDA},
    {"p2perror", FAKE_P2P_ERROR},
    {"vanishing", FAKE_VANISHING},
    {"nvswitch", FAKE_NVSWITCH},
    {"mig", FAKE_MIG},
    {"p2pmix", FAKE_P2P_MIX},
};

/* MIG profiles of an 80 GB Hopper part: name, GPU-instance slices, multiprocessors, memory. */
struct fake_mig_profile
{
    const char *name;
    unsigned int slices;
    unsigned int multiprocessors;
    unsigned long long memoryMiB;
};

static const struct fake_mig_profile fake_mig_profiles[] = {
    {"1g.10gb", 1, 16, 9856},
    {"2g.20gb", 2, 32, 19968},
    {"3g.40gb", 3, 60, 40192},
    {"4g.40gb", 4, 64, 40192},
    {"7g.80gb", 7, 132, 81408},
};

/* Closest common ancestor of GPUs i and j, by how far apart they sit: 8 GPUs show every level. */
static nvmlGpuTopologyLevel_t fake_topology(unsigned int i, unsigned int j)
{
    switch (i ^ j)
    {
    case 1: return NVML_TOPOLOGY_INTERNAL;
    case 2: return NVML_TOPOLOGY_SINGLE;
    case 3: return NVML_TOPOLOGY_MULTIPLE;
    case 4: return NVML_TOPOLOGY_HOSTBRIDGE;
    case 5: return NVML_TOPOLOGY_NODE;
    default: return NVML_TOPOLOGY_SYSTEM;
    }
}

/* Whether GPUs i and j can read each other's memory peer-to-peer, as on a PCIe server where not
 * every pair can: GPU 3 has peer-to-peer turned off by a per-device registry key, and the CPU
 * interconnect carries no peer-to-peer traffic (pairs that are SYSTEM apart). Every other pair,
 * every topology level up to NODE, can. */
static nvmlGpuP2PStatus_t fake_p2p_status(unsigned int i, unsigned int j)
{
    if (i == 3 || j == 3)
    {
        return NVML_P2P_STATUS_DISABLED_BY_REGKEY;
    }
    if (fake_topology(i, j) == NVML_TOPOLOGY_SYSTEM)
    {
        return NVML_P2P_STATUS_IOH_TOPOLOGY_NOT_SUPPORTED;
    }
    return NVML_P2P_STATUS_OK;
}

/* The p2pmix machine: GPU 0 and GPU k have status k - 1 (OK, chipset, GPU, topology, regkey, not
 * supported, unknown); every pair without GPU 0 can reach each other. */
static nvmlGpuP2PStatus_t fake_p2p_mix_status(unsigned int i, unsigned int j)
{
    static const nvmlGpuP2PStatus_t with_gpu0[FAKE_MAX_GPUS] = {
        NVML_P2P_STATUS_OK,
        NVML_P2P_STATUS_OK,
        NVML_P2P_STATUS_CHIPSET_NOT_SUPPORTED,
        NVML_P2P_STATUS_GPU_NOT_SUPPORTED,
        NVML_P2P_STATUS_IOH_TOPOLOGY_NOT_SUPPORTED,
        NVML_P2P_STATUS_DISABLED_BY_REGKEY,
        NVML_P2P_STATUS_NOT_SUPPORTED,
        NVML_P2P_STATUS_UNKNOWN,
    };
    if (i == 0 || j == 0)
    {
        return with_gpu0[i + j];
    }
    return NVML_P2P_STATUS_OK;
}

/* The far end of an NVLink: a GPU index, or one of these. */
#define FAKE_NVLINK_NONE (-1)
#define FAKE_NVLINK_SWITCH (-2)

/* NVLinks per GPU: 4 on the PCIe machine (NVLink bridges), 18 on the NVSwitch one. */
static unsigned int fake_nvlink_count(fake_scenario scenario)
{
    return scenario == FAKE_NVSWITCH ? 18 : 4;
}

/* Where link k of GPU i goes. On the PCIe machine GPU i is bridged to GPU i ^ 3 (0-3, 1-2, 4-7,
 * 5-6: pairs whose PCIe path is MULTIPLE switches, so NVLink, not PCIe, makes them the best pair)
 * by links 0 and 1; links 2 and 3 are inactive, as are all of a GPU whose partner is absent. */
static int fake_nvlink_remote(fake_scenario scenario, unsigned int i, unsigned int k, unsigned int gpus)
{
    if (scenario == FAKE_NVSWITCH)
    {
        return FAKE_NVLINK_SWITCH;
    }
    unsigned int partner = i ^ 3u;
    return k < 2 && partner < gpus ? (int)partner : FAKE_NVLINK_NONE;
}

/* Compute processes of GPU i in a scenario. */
static unsigned int fake_process_count(fake_scenario scenario, unsigned int i)
{
    if (scenario == FAKE_BUSY)
    {
        return i == 0 ? 40 : i == 1 ? 33 : 0;
    }
    return i % 3; /* 0, 1, 2, 0, ... */
}

static unsigned int fake_process_pid(unsigned int gpu, unsigned int k)
{
    return 1000 * (gpu + 1) + k;
}

/* Whether process k of GPU i is listed but gone by the time its name is asked for: in "vanishing",
 * the last one of each GPU (so GPU 1 keeps none of its 1, GPU 2 one of its 2). */
static int fake_process_vanished(fake_scenario scenario, unsigned int i, unsigned int k)
{
    return scenario == FAKE_VANISHING && k + 1 == fake_process_count(scenario, i);
}

#endif /* FAKE_SCENARIOS_H */
