using System.Globalization;

namespace NvContract.Core.Mig;

/// <summary>
/// The driver's table of capability minor numbers, <c>&lt;proc root&gt;/driver/nvidia-caps/mig-minors</c>:
/// lines of <c>&lt;capability&gt; &lt;minor&gt;</c>, where the capabilities of MIG devices are
/// <c>gpu&lt;G&gt;/gi&lt;I&gt;/access</c> and <c>gpu&lt;G&gt;/gi&lt;I&gt;/ci&lt;C&gt;/access</c> and G is
/// the GPU's minor number, not its NVML index. Read when needed, never cached: instances come and go.
/// </summary>
public static class MigMinors
{
    /// <summary>The file's path under a /proc root.</summary>
    public static string FilePath(string procRoot) => Path.Join(Path.GetFullPath(procRoot), "driver", "nvidia-caps", "mig-minors");

    /// <summary>Reads the table; an absent file is an empty table (no MIG support loaded).</summary>
    public static IReadOnlyDictionary<string, uint> Read(string procRoot)
    {
        var table = new Dictionary<string, uint>(StringComparer.Ordinal);
        var path = FilePath(procRoot);

        // Absent on every host without MIG support: looked for first, as a thrown exception
        // costs a short process more than the read; the catch still covers a file removed meanwhile.
        if (!File.Exists(path))
        {
            return table;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return table;
        }

        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            {
                table[fields[0]] = minor;
            }
        }

        return table;
    }

    /// <summary>The capability name of a MIG device's GPU instance.</summary>
    public static string GpuInstanceCapability(MigDevice mig) =>
        string.Create(CultureInfo.InvariantCulture, $"gpu{mig.ParentMinor}/gi{mig.GpuInstanceId}/access");

    /// <summary>The capability name of a MIG device's compute instance.</summary>
    public static string ComputeInstanceCapability(MigDevice mig) =>
        string.Create(CultureInfo.InvariantCulture, $"gpu{mig.ParentMinor}/gi{mig.GpuInstanceId}/ci{mig.ComputeInstanceId}/access");
}
