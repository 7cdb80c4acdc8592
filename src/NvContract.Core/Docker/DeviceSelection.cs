using System.Globalization;
using NvContract.Core.Gpu;

namespace NvContract.Core.Docker;

/// <summary>
/// Parses v1's <c>dev</c> and <c>vol</c> query values (docs/v1-compatibility.md §4.6):
/// tokens split on single
/// spaces; missing, empty or <c>*</c> means all. Unlike v1 (Go map order), the result keeps the
/// caller's order, with duplicates dropped.
/// </summary>
public static class DeviceSelection
{
    public static IReadOnlyList<GpuDevice> Devices(string? dev, IReadOnlyList<GpuDevice> devices)
    {
        if (SelectsAll(dev))
        {
            return devices;
        }

        var selected = new List<GpuDevice>();
        foreach (var token in dev!.Split(' '))
        {
            var device = Find(token, devices) ?? throw InvalidSelectionException.Device(token);
            if (!selected.Contains(device))
            {
                selected.Add(device);
            }
        }

        return selected;
    }

    public static IReadOnlyList<ContainerVolume> Volumes(string? vol)
    {
        if (SelectsAll(vol))
        {
            return ContainerVolume.All;
        }

        var selected = new List<ContainerVolume>();
        foreach (var token in vol!.Split(' '))
        {
            var volume = ContainerVolume.All.FirstOrDefault(v => v.Name == token) ?? throw InvalidSelectionException.Volume(token);
            if (!selected.Contains(volume))
            {
                selected.Add(volume);
            }
        }

        return selected;
    }

    private static bool SelectsAll(string? value) => string.IsNullOrEmpty(value) || value == "*";

    private static GpuDevice? Find(string token, IReadOnlyList<GpuDevice> devices)
    {
        if (token.StartsWith("GPU-", StringComparison.Ordinal))
        {
            return devices.FirstOrDefault(d => d.Uuid.StartsWith(token, StringComparison.Ordinal));
        }

        // Digits only: no sign, no spaces, no hex; an index past the end is as invalid as garbage.
        return token.Length > 0
            && token.All(char.IsAsciiDigit)
            && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < devices.Count
            ? devices[index]
            : null;
    }
}
