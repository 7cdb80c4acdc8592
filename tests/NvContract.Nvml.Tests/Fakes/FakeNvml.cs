using System.Runtime.InteropServices;
using System.Text;
using NvContract.Nvml;
using NvContract.Nvml.Adapter;

namespace NvContract.Nvml.Tests.Fakes;

/// <summary>
/// The fake libnvidia-ml.so.1 built from tests/native: chooses its machine and counts calls.
/// The process loads it once; the machine changes whenever NVML is next initialised.
/// </summary>
internal static unsafe class FakeNvml
{
    public static string LibraryPath { get; } = Path.Combine(AppContext.BaseDirectory, "fake-nvml", "libnvidia-ml.so.1");

    private static readonly nint Library = NativeLibrary.Load(LibraryPath);

    private static readonly delegate* unmanaged<byte*, int, void> ConfigureExport =
        (delegate* unmanaged<byte*, int, void>)NativeLibrary.GetExport(Library, "fakeNvmlConfigure");

    private static readonly delegate* unmanaged<ulong> CallCountExport =
        (delegate* unmanaged<ulong>)NativeLibrary.GetExport(Library, "fakeNvmlCallCount");

    private static readonly delegate* unmanaged<void> ResetCallCountExport =
        (delegate* unmanaged<void>)NativeLibrary.GetExport(Library, "fakeNvmlResetCallCount");

    private static readonly delegate* unmanaged<byte*, void> ConfigureMigFileExport =
        (delegate* unmanaged<byte*, void>)NativeLibrary.GetExport(Library, "fakeNvmlConfigureMigFile");

    /// <summary>A sysfs root without any device, so affinity comes from NVML and never from the host.</summary>
    public static string EmptySysRoot { get; } = Directory.CreateTempSubdirectory("nvml-sysroot-").FullName;

    /// <summary>NVML calls made since the last <see cref="ResetCallCount"/>.</summary>
    public static ulong CallCount => CallCountExport();

    public static void ResetCallCount() => ResetCallCountExport();

    /// <summary>Chooses the machine the next nvmlInit_v2 describes (see fake_scenarios.h).</summary>
    public static void Configure(string scenario, int gpus = 4)
    {
        var name = Encoding.UTF8.GetBytes(scenario + "\0");
        fixed (byte* p = name)
        {
            ConfigureExport(p, gpus);
        }
    }

    /// <summary>The MIG control file of the "mig" machine (see tests/native/README.md); null for its built-in layout.</summary>
    public static void ConfigureMigFile(string? path)
    {
        var bytes = Encoding.UTF8.GetBytes((path ?? string.Empty) + "\0");
        fixed (byte* p = bytes)
        {
            ConfigureMigFileExport(p);
        }
    }

    /// <summary>Opens an <see cref="NvmlGpuSource"/> on the fake library for <paramref name="scenario"/>.</summary>
    /// <param name="migFile">The MIG control file of the "mig" machine; null for its built-in layout.</param>
    /// <param name="time">The clock that ages the source's MIG layout reads; null for the system's.</param>
    public static NvmlGpuSource Open(string scenario, int gpus = 4, string? sysRoot = null, string? migFile = null, TimeProvider? time = null)
    {
        Configure(scenario, gpus);
        ConfigureMigFile(migFile);
        return NvmlGpuSource.Open(LibraryPath, sysRoot ?? EmptySysRoot, time ?? TimeProvider.System);
    }
}
