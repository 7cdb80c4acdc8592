namespace NvContract.DevicePlugin;

/// <summary>What one plugin advertises under a MIG strategy, from the current layout.</summary>
public static class DeviceUnits
{
    /// <summary>
    /// None: every GPU whole (one in MIG mode unavailable: nothing runs on it whole, and the CDI
    /// spec does not name it). Single: the MIG devices of GPUs in MIG mode and the other GPUs
    /// whole. Mixed: for <paramref name="profile"/>, the MIG devices of that profile; for null, the
    /// GPUs not in MIG mode. A GPU in MIG mode without instances contributes nothing. Each unit
    /// carries the layout's reason it cannot be handed out, if any.
    /// </summary>
    public static IReadOnlyList<DeviceUnit> Select(DeviceLayout layout, MigStrategy strategy, string? profile)
    {
        var gpus = Enumerable.Range(0, layout.GpuProblems.Count);
        if (strategy == MigStrategy.None)
        {
            return gpus.Select(i => new DeviceUnit(i, Unavailable: layout.InMig(i) ? DeviceLayout.InMigMode : layout.GpuProblems[i])).ToArray();
        }

        var whole = gpus.Where(i => !layout.InMig(i)).Select(i => new DeviceUnit(i, Unavailable: layout.GpuProblems[i]));
        var migs = layout.MigDevices.Select((m, k) => new DeviceUnit(m.ParentIndex, m, layout.MigProblems[k]));
        return strategy == MigStrategy.Single
            ? [.. whole, .. migs]
            : profile is null
                ? whole.ToArray()
                : migs.Where(u => u.Mig!.Profile == profile).ToArray();
    }

    /// <summary>The MIG profiles present now, each a resource under <see cref="MigStrategy.Mixed"/>.</summary>
    public static IReadOnlyList<string> Profiles(DeviceLayout layout) =>
        layout.MigDevices.Select(m => m.Profile).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
