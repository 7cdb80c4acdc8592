using NvContract.Core.Mig;

namespace NvContract.DevicePlugin;

/// <summary>
/// What every device plugin of the daemon advertises from, read at one moment: which GPUs are in
/// MIG mode, their MIG devices, and why a GPU or MIG device cannot be handed to a container now.
/// </summary>
/// <param name="MigModes">Each GPU's MIG mode in NVML index order; null where the driver cannot tell.</param>
/// <param name="MigDevices">The MIG devices (none when the strategy does not advertise them).</param>
/// <param name="GpuProblems">Per GPU, why its node cannot be handed out (MIG mode aside); null when it can.</param>
/// <param name="MigProblems">Per MIG device (same order), why it cannot be handed out; null when it can.</param>
public sealed record DeviceLayout(
    IReadOnlyList<bool?> MigModes,
    IReadOnlyList<MigDevice> MigDevices,
    IReadOnlyList<string?> GpuProblems,
    IReadOnlyList<string?> MigProblems)
{
    /// <summary>Why a GPU in MIG mode is not handed out whole.</summary>
    public const string InMigMode =
        "in MIG mode: a container given the whole GPU sees no CUDA device and the CDI spec names only its MIG devices (advertise them with --mig-strategy single or mixed)";

    /// <summary>Whether the GPU at <paramref name="index"/> is in MIG mode (an unknown mode counts as not).</summary>
    public bool InMig(int index) => index < MigModes.Count && MigModes[index] == true;
}
