using System.Runtime.InteropServices;

namespace NvContract.Bench.Nvml;

/// <summary>
/// The fake library's own controls, reached by export: its call counter, and the machine the
/// next nvmlInit_v2 describes. NativeLibrary.Load of the same file returns the handle NVML uses.
/// </summary>
internal sealed unsafe class FakeNvmlCounter(string path)
{
    private readonly nint _library = NativeLibrary.Load(path);

    public ulong Count => ((delegate* unmanaged<ulong>)NativeLibrary.GetExport(_library, "fakeNvmlCallCount"))();

    public void Reset() => ((delegate* unmanaged<void>)NativeLibrary.GetExport(_library, "fakeNvmlResetCallCount"))();

    public void Configure(string scenario, int gpus)
    {
        var name = Marshal.StringToHGlobalAnsi(scenario);
        try
        {
            ((delegate* unmanaged<byte*, int, void>)NativeLibrary.GetExport(_library, "fakeNvmlConfigure"))((byte*)name, gpus);
        }
        finally
        {
            Marshal.FreeHGlobal(name);
        }
    }

    /// <summary>The calls <paramref name="action"/> makes.</summary>
    public ulong Measure(Action action)
    {
        Reset();
        action();
        return Count;
    }
}
