using System.Globalization;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;

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

    /// <summary>
    /// Like <see cref="Devices(string?, IReadOnlyList{GpuDevice})"/>, and MIG devices too:
    /// <c>&lt;gpu index&gt;:&lt;mig index&gt;</c> (e.g. <c>0:1</c>, the MIG index counting the GPU's
    /// MIG devices from 0 with empty slots skipped), a MIG UUID or a prefix of one
    /// (<c>MIG-&lt;uuid&gt;</c>), or the legacy <c>MIG-GPU-&lt;gpu uuid&gt;/&lt;gi&gt;/&lt;ci&gt;</c>.
    /// </summary>
    /// <param name="migDevices">Called once, and only when a token names a MIG device: the current layout.</param>
    public static IReadOnlyList<SelectedDevice> Select(string? dev, IReadOnlyList<GpuDevice> devices, Func<IReadOnlyList<MigDevice>> migDevices)
    {
        if (SelectsAll(dev))
        {
            return devices.Select(SelectedDevice.Whole).ToList();
        }

        IReadOnlyList<MigDevice>? migs = null;
        var selected = new List<SelectedDevice>();
        foreach (var token in dev!.Split(' '))
        {
            SelectedDevice? found;
            if (IsMigToken(token))
            {
                migs ??= migDevices();
                found = FindMig(token, migs) is { } mig ? SelectedDevice.Partition(mig) : null;
            }
            else
            {
                found = Find(token, devices) is { } gpu ? SelectedDevice.Whole(gpu) : null;
            }

            if (found is null)
            {
                throw InvalidSelectionException.Device(token);
            }

            if (!selected.Contains(found))
            {
                selected.Add(found);
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

    /// <summary>Whether a <c>dev</c> or <c>vol</c> value selects everything: missing, empty or <c>*</c>.</summary>
    public static bool SelectsAll(string? value) => string.IsNullOrEmpty(value) || value == "*";

    private static bool IsMigToken(string token) => token.StartsWith("MIG-", StringComparison.Ordinal) || token.Contains(':', StringComparison.Ordinal);

    private static MigDevice? FindMig(string token, IReadOnlyList<MigDevice> migs)
    {
        if (token.StartsWith("MIG-GPU-", StringComparison.Ordinal))
        {
            // The legacy form names the instance by its parent and ids; it is matched whole.
            return migs.FirstOrDefault(m => m.LegacyUuid == token);
        }

        if (token.StartsWith("MIG-", StringComparison.Ordinal))
        {
            return migs.FirstOrDefault(m => m.Uuid.StartsWith(token, StringComparison.Ordinal));
        }

        var parts = token.Split(':');
        return parts.Length == 2 && Index(parts[0]) is { } gpu && Index(parts[1]) is { } mig
            ? migs.FirstOrDefault(m => m.ParentIndex == gpu && m.Index == mig)
            : null;
    }

    // Digits only, as for a GPU index.
    private static int? Index(string text) =>
        text.Length > 0 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;

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
