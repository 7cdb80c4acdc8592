using NvContract.Core.Docker;
using NvContract.Core.Gpu;

namespace NvContract.Core.Cdi;

/// <summary>
/// The spec's device names for a <c>dev</c> value, by the rule <see cref="CdiGenerator"/> names
/// devices with: UUIDs, not indexes (they name the same device whatever order the driver lists
/// GPUs in, and whatever MIG index an instance has after a re-partition); a GPU in MIG mode is
/// named only through its MIG devices.
/// </summary>
public static class CdiDeviceSelection
{
    /// <summary>
    /// Every device of the spec for a value that selects all (<see cref="DeviceSelection.SelectsAll"/>):
    /// each GPU not in MIG mode and each MIG device, in GPU order; otherwise the devices the tokens
    /// select (<see cref="DeviceSelection.Select"/>), in the order given.
    /// </summary>
    /// <exception cref="InvalidSelectionException">A token names nothing, or a whole GPU in MIG mode.</exception>
    public static IReadOnlyList<string> Names(string? dev, IGpuSource gpus)
    {
        if (DeviceSelection.SelectsAll(dev))
        {
            var migs = gpus.MigDevices;
            return Enumerable.Range(0, gpus.Devices.Count)
                .SelectMany(i => gpus.IsMigEnabled(i) == true ? migs.Where(m => m.ParentIndex == i).Select(m => m.Uuid) : [gpus.Devices[i].Uuid])
                .ToList();
        }

        var names = new List<string>();
        foreach (var token in dev!.Split(' '))
        {
            // One token at a time, so that an error names the token as written.
            if (DeviceSelection.SelectsAll(token))
            {
                throw InvalidSelectionException.Device(token);
            }

            var device = DeviceSelection.Select(token, gpus.Devices, () => gpus.MigDevices).Single();
            var name = device.Mig?.Uuid ?? WholeGpu(token, device.Gpu!, gpus);
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static string WholeGpu(string token, GpuDevice gpu, IGpuSource gpus)
    {
        var index = gpus.Devices.ToList().IndexOf(gpu);
        return gpus.IsMigEnabled(index) == true
            ? throw new InvalidSelectionException($"invalid device: {token} (GPU {index} is in MIG mode: name its MIG devices, {index}:<mig index> or MIG-<uuid>)")
            : gpu.Uuid;
    }
}
