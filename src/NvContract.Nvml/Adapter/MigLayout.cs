using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Nvml.Adapter;

/// <summary>
/// Reads the MIG devices of GPUs in MIG mode from their slots (empty ones skipped), handles
/// looked up afresh on every read: NVML hands a destroyed instance's handle to the next one
/// created, so a kept handle could describe another instance.
/// </summary>
internal static class MigLayout
{
    private const ulong MiB = 1 << 20;

    /// <summary>The MIG devices of every GPU, and each GPU's MIG mode as this read saw it.</summary>
    public static (IReadOnlyList<MigDevice> Devices, bool?[] Modes) Read(IReadOnlyList<NvmlDevice> handles, IReadOnlyList<GpuDevice> devices)
    {
        var migs = new List<MigDevice>();
        var modes = new bool?[handles.Count];
        for (var i = 0; i < handles.Count; i++)
        {
            modes[i] = handles[i].GetMigMode();
            if (modes[i] != true)
            {
                continue;
            }

            var position = 0;
            foreach (var (_, mig) in Slots(handles[i]))
            {
                if (Read(mig, devices[i], i, position) is { } device)
                {
                    migs.Add(device);
                    position++;
                }
            }
        }

        return (migs, modes);
    }

    /// <summary>The handle of the populated slot whose instance has <paramref name="uuid"/> now; null when none has.</summary>
    public static NvmlDevice? Find(NvmlDevice parent, string uuid)
    {
        foreach (var (_, mig) in Slots(parent))
        {
            if (mig.GetUuid() == uuid)
            {
                return mig;
            }
        }

        return null;
    }

    /// <summary>Live figures of one MIG device.</summary>
    public static MigStatus Status(NvmlDevice mig)
    {
        var memory = mig.GetMemoryInfo();
        return new MigStatus
        {
            MemoryUsedMiB = (long?)(memory?.Used / MiB),
            MemoryTotalMiB = (long?)(memory?.Total / MiB),
            Processes = StatusReader.ProcessesOf(mig),
        };
    }

    private static IEnumerable<(uint Slot, NvmlDevice Mig)> Slots(NvmlDevice parent)
    {
        var count = parent.GetMaxMigDeviceCount() ?? 0;
        for (uint slot = 0; slot < count; slot++)
        {
            if (parent.GetMigDeviceHandleByIndex(slot) is { } mig)
            {
                yield return (slot, mig);
            }
        }
    }

    private static MigDevice? Read(NvmlDevice mig, GpuDevice parent, int parentIndex, int position)
    {
        try
        {
            return ReadIdentity(mig, parent, parentIndex, position);
        }
        catch (NvmlException e) when (e.Result is NvmlReturn.NotFound or NvmlReturn.InvalidArgument)
        {
            // Destroyed between the slot lookup and these reads: it is not part of the layout.
            return null;
        }
    }

    private static MigDevice? ReadIdentity(NvmlDevice mig, GpuDevice parent, int parentIndex, int position)
    {
        if (mig.GetUuid() is not { } uuid || mig.GetGpuInstanceId() is not { } gi || mig.GetComputeInstanceId() is not { } ci)
        {
            return null;
        }

        var attributes = mig.GetAttributes();
        return new MigDevice
        {
            ParentIndex = parentIndex,
            ParentMinor = parent.Minor,
            ParentUuid = parent.Uuid,
            Index = position,
            GpuInstanceId = gi,
            ComputeInstanceId = ci,
            Profile = attributes is { } a ? MigProfile.Name(a.GpuInstanceSlices, a.ComputeInstanceSlices, (long)a.MemoryMiB) : null,
            MemoryMiB = attributes is { } m ? (long)m.MemoryMiB : (long?)(mig.GetMemoryInfo()?.Total / MiB),
            Uuid = uuid,
        };
    }
}
