using System.Globalization;
using NvContract.Core.Mig;

namespace NvContract.Testing;

/// <summary>
/// What the driver provides for MIG devices, as plain files a test owns: the capability table
/// <c>driver/nvidia-caps/mig-minors</c> under a --proc-root and the access nodes
/// <c>dev/nvidia-caps/nvidia-cap&lt;N&gt;</c> under a --dev-root. Each instance's caps are numbered
/// <see cref="GpuInstanceCap"/> and the one after it, distinct per GPU minor, GI and CI.
/// </summary>
public static class MigStandIns
{
    /// <summary>The minor of a MIG device's GPU-instance access node; its compute-instance node is the next.</summary>
    public static uint GpuInstanceCap(MigDevice mig) => (mig.ParentMinor * 200) + (mig.GpuInstanceId * 10) + 3;

    /// <summary>The container paths of a MIG device's access nodes, GPU instance first.</summary>
    public static string[] CapPaths(MigDevice mig) =>
        [Cap(GpuInstanceCap(mig)), Cap(GpuInstanceCap(mig) + 1)];

    /// <summary>Writes the table for <paramref name="migs"/> and, when <paramref name="devRoot"/> is given, their access nodes.</summary>
    /// <param name="makeNode">Creates one node at a host path; plain empty files when null.</param>
    public static void Write(IEnumerable<MigDevice> migs, string procRoot, string? devRoot, Action<string>? makeNode = null)
    {
        var lines = new List<string> { "config 1", "monitor 2" };
        foreach (var mig in migs)
        {
            var gi = GpuInstanceCap(mig);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"gpu{mig.ParentMinor}/gi{mig.GpuInstanceId}/access {gi}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"gpu{mig.ParentMinor}/gi{mig.GpuInstanceId}/ci{mig.ComputeInstanceId}/access {gi + 1}"));
            if (devRoot is not null)
            {
                Directory.CreateDirectory(Path.Join(devRoot, MigDeviceNodes.CapsDirectory));
                foreach (var cap in CapPaths(mig))
                {
                    var host = Path.Join(devRoot, cap);
                    if (!File.Exists(host))
                    {
                        (makeNode ?? (p => File.WriteAllText(p, string.Empty)))(host);
                    }
                }
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(MigMinors.FilePath(procRoot))!);
        File.WriteAllLines(MigMinors.FilePath(procRoot), lines);
    }

    private static string Cap(uint minor) => string.Create(CultureInfo.InvariantCulture, $"{MigDeviceNodes.CapsDirectory}/nvidia-cap{minor}");
}
