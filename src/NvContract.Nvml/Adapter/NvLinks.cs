using NvContract.Core.Gpu;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Adapter;

/// <summary>
/// How many active NVLinks join each pair of GPUs, for allocation scores. A link whose far end is
/// another GPU counts for that pair. Links into NVSwitches join every two switch-attached GPUs;
/// such a pair counts the fewer of its two GPUs' switch links (the narrower end bounds the path).
/// Where the driver cannot name the far end's type (before R460), a far end that is one of the
/// GPUs is a GPU, anything else a switch. Nothing here fails discovery: a GPU without NVLink, or a
/// driver without the calls, has no links.
/// </summary>
internal static class NvLinks
{
    public static IReadOnlyList<GpuNvLinkPeer>[] Peers(NvmlDevice[] handles, NvmlPciInfo[] pcis)
    {
        var n = handles.Length;
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < n; i++)
        {
            index.TryAdd(pcis[i].BusId, i);
        }

        var direct = new int[n, n];
        var toSwitches = new int[n];
        for (var i = 0; i < n; i++)
        {
            for (uint link = 0; link < NvmlNative.NVML_NVLINK_MAX_LINKS; link++)
            {
                // Links are numbered from 0 up to the GPU's count; the first that is not there ends them.
                if (handles[i].GetNvLinkState(link) is not { } active)
                {
                    break;
                }

                if (!active || handles[i].GetNvLinkRemoteBusId(link) is not { } remote)
                {
                    continue;
                }

                var type = handles[i].GetNvLinkRemoteDeviceType(link);
                if (type is null or nvmlIntNvLinkDeviceType_t.NVML_NVLINK_DEVICE_TYPE_GPU && index.TryGetValue(remote, out var j) && j != i)
                {
                    direct[i, j]++;
                }
                else if (type is null or nvmlIntNvLinkDeviceType_t.NVML_NVLINK_DEVICE_TYPE_SWITCH)
                {
                    toSwitches[i]++;
                }
            }
        }

        var peers = new IReadOnlyList<GpuNvLinkPeer>[n];
        for (var i = 0; i < n; i++)
        {
            var list = new List<GpuNvLinkPeer>();
            for (var j = 0; j < n; j++)
            {
                // Each direct link is seen from both ends; either end's count will do.
                var links = j == i ? 0 : Math.Max(direct[i, j], direct[j, i]) + Math.Min(toSwitches[i], toSwitches[j]);
                if (links > 0)
                {
                    list.Add(new GpuNvLinkPeer(pcis[j].BusId, links));
                }
            }

            peers[i] = list;
        }

        return peers;
    }
}
