using NvContract.Core.Gpu;

namespace NvContract.DevicePlugin;

/// <summary>What one plugin advertises under a MIG strategy, from the current layout.</summary>
public static class DeviceUnits
{
    /// <summary>
    /// None: every GPU whole. Single: the MIG devices of GPUs in MIG mode and the other GPUs whole.
    /// Mixed: for <paramref name="profile"/>, the MIG devices of that profile; for null, the GPUs
    /// not in MIG mode. A GPU in MIG mode without instances contributes nothing.
    /// </summary>
    public static IReadOnlyList<DeviceUnit> Select(IGpuSource gpus, MigStrategy strategy, string? profile)
    {
        if (strategy == MigStrategy.None)
        {
            return gpus.Devices.Select((_, i) => new DeviceUnit(i)).ToArray();
        }

        var migs = gpus.MigDevices;
        var whole = Enumerable.Range(0, gpus.Devices.Count).Where(i => gpus.IsMigEnabled(i) != true).Select(i => new DeviceUnit(i));
        return strategy == MigStrategy.Single
            ? [.. whole, .. migs.Select(m => new DeviceUnit(m.ParentIndex, m))]
            : profile is null
                ? whole.ToArray()
                : migs.Where(m => m.Profile == profile).Select(m => new DeviceUnit(m.ParentIndex, m)).ToArray();
    }

    /// <summary>The MIG profiles present now, each a resource under <see cref="MigStrategy.Mixed"/>.</summary>
    public static IReadOnlyList<string> Profiles(IGpuSource gpus) =>
        gpus.MigDevices.Select(m => m.Profile).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
