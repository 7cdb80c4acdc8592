using System.Globalization;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Core.Output;

/// <summary>
/// The v1.1 <c>/gpu/info</c> and <c>/gpu/status</c> texts: v1's text of each device, then its MIG
/// mode and MIG devices in the same aligned style.
/// </summary>
public static class MigText
{
    /// <param name="migEnabled">Each device's MIG mode, in device order; null where the driver cannot tell.</param>
    /// <param name="migs">The MIG devices of every GPU, by parent index.</param>
    public static string FormatInfo(DriverVersions versions, IReadOnlyList<GpuDevice> devices, IReadOnlyList<bool?> migEnabled, IReadOnlyList<MigDevice> migs)
    {
        var text = new AlignedText()
            .Line()
            .Row("Driver version:  ", versions.Driver)
            .Row("Supported CUDA version:  ", Units.Text(versions.Cuda));

        for (var i = 0; i < devices.Count; i++)
        {
            GpuInfoText.AppendDevice(text, i, devices[i]);
            text.Row("  MIG:  ", Mode(migEnabled[i]));
            foreach (var mig in migs.Where(m => m.ParentIndex == i))
            {
                text.Line(string.Create(CultureInfo.InvariantCulture, $"  MIG Device {mig.Name}"))
                    .Row("    Profile:  ", Units.Text(mig.Profile))
                    .Row("    UUID:  ", mig.Uuid)
                    .Row("    GPU Instance:  ", mig.GpuInstanceId.ToString(CultureInfo.InvariantCulture))
                    .Row("    Compute Instance:  ", mig.ComputeInstanceId.ToString(CultureInfo.InvariantCulture))
                    .Row("    Memory:  ", Units.Of(mig.MemoryMiB, "MiB"));
            }
        }

        return text.Line().ToString();
    }

    /// <param name="migs">The MIG devices with their status, by parent index.</param>
    public static string FormatStatus(IReadOnlyList<GpuDevice> devices, IReadOnlyList<GpuStatus> statuses, IReadOnlyList<(MigDevice Device, MigStatus Status)> migs)
    {
        var text = new AlignedText();
        for (var i = 0; i < statuses.Count; i++)
        {
            GpuStatusText.AppendDevice(text, i, devices[i], statuses[i]);
            foreach (var (mig, status) in migs.Where(m => m.Device.ParentIndex == i))
            {
                text.Line(string.Create(CultureInfo.InvariantCulture, $"  MIG Device {mig.Name}"))
                    .Row("    Profile:  ", Units.Text(mig.Profile))
                    .Row("    UUID:  ", mig.Uuid)
                    .Row("    Memory:  ", Units.UsedOf(status.MemoryUsedMiB, status.MemoryTotalMiB ?? mig.MemoryMiB, "MiB"))
                    .Row("    Utilization:  ", Units.Text(null));
                GpuStatusText.AppendProcesses(text, status.Processes, "    ");
            }
        }

        return text.Line().ToString();
    }

    private static string Mode(bool? enabled) => enabled switch
    {
        true => "Enabled",
        false => "Disabled",
        null => Units.Text(null),
    };
}
