using System.Globalization;

namespace NvContract.Nvml.Adapter;

/// <summary>
/// The NUMA node a GPU hangs off (v1's CPUAffinity). v1 read sysfs; so does this, for the
/// device's own PCI function, named with a 4-digit domain as sysfs does (v1 used NVML's bus id
/// and found nothing once drivers reported 8-digit domains). Where sysfs has no entry,
/// nvmlDeviceGetNumaNodeId is asked: it only answers where the GPU's memory is itself a NUMA
/// node (coherent platforms), so sysfs, which names the node the PCI device hangs off, comes
/// first. No answer at all, or -1, is node 0 (v1).
/// </summary>
internal static class CpuAffinity
{
    public static int Read(string sysRoot, NvmlPciInfo pci, NvmlDevice device)
    {
        var path = Path.Combine(sysRoot, "sys", "bus", "pci", "devices", pci.BusIdLegacy.ToLowerInvariant(), "numa_node");
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return device.GetNumaNodeId() is { } node && node <= int.MaxValue ? (int)node : 0;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidDataException($"failed to retrieve CPU affinity: {path} holds '{text}', not a number");
        }

        return value < 0 ? 0 : value;
    }
}
