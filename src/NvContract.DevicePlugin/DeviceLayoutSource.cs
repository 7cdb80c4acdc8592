using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.DevicePlugin;

/// <summary>
/// The one reader of the MIG layout and the device nodes for every device plugin of a daemon (one
/// per resource under <c>--mig-strategy mixed</c>): a read is shared and kept for
/// <see cref="MaxAge"/>, the period the CDI spec is refreshed at, so an idle daemon asks NVML for
/// the layout once a second however many plugins it serves. A device is judged by the rule the
/// CDI spec is written by (<see cref="Core.Cdi.CdiGenerator"/>): a GPU in MIG mode is not a whole
/// device, a GPU whose node is missing under <c>--dev-root</c> is not offered, nor a MIG device
/// whose access capabilities the driver does not list or whose nodes are missing.
/// </summary>
/// <param name="migDevices">Whether MIG devices are read (not under <see cref="MigStrategy.None"/>).</param>
public sealed class DeviceLayoutSource(IGpuSource gpus, DeviceNodes nodes, MigDeviceNodes migNodes, bool migDevices, TimeProvider? time = null)
{
    /// <summary>How old a shared read may be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private DeviceLayout? _layout;
    private long _readAt;

    /// <summary>The layout, read again when the last read is older than <see cref="MaxAge"/>; concurrent readers share one read.</summary>
    /// <exception cref="Exception">Whatever the GPU source throws (NVML failing); the next call reads again.</exception>
    public DeviceLayout Current
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetTimestamp();
                if (_layout is { } layout && _time.GetElapsedTime(_readAt, now) < MaxAge)
                {
                    return layout;
                }

                _layout = Read();
                _readAt = now;
                return _layout;
            }
        }
    }

    private DeviceLayout Read()
    {
        var modes = Enumerable.Range(0, gpus.Devices.Count).Select(gpus.IsMigEnabled).ToArray();
        var migs = migDevices ? gpus.MigDevices : [];
        var gpuProblems = gpus.Devices.Select(gpu => Missing(gpu.Path)).ToArray();
        var table = migs.Count == 0 ? null : MigMinors.Read(migNodes.ProcRoot);
        var migProblems = migs.Select(mig =>
        {
            try
            {
                return migNodes.Paths(mig, table!).Select(Missing).FirstOrDefault(p => p is not null);
            }
            catch (MigCapabilityNotFoundException e)
            {
                return e.Message;
            }
        }).ToArray();
        return new DeviceLayout(modes, migs, gpuProblems, migProblems);
    }

    /// <summary>Why a node cannot be given to a container, in the CDI spec's words; null when it exists.</summary>
    private string? Missing(string path) => nodes.Exists(path) ? null : $"{nodes.HostPath(path)} does not exist";
}
