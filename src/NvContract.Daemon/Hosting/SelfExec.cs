using System.Runtime.InteropServices;

namespace NvContract.Daemon.Hosting;

/// <summary>Replaces the process image with a fresh start of itself: same executable, same arguments, same pid.</summary>
public static class SelfExec
{
    /// <summary>Returns only when exec failed, with the reason.</summary>
    public static string Exec()
    {
        // argv exactly as this process got it (for "dotnet app.dll ..." too); /proc/self/exe is the binary.
        var argv = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        var pointers = new nint[argv.Length + 1];
        var path = Marshal.StringToCoTaskMemUTF8("/proc/self/exe");
        try
        {
            for (var i = 0; i < argv.Length; i++)
            {
                pointers[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            }

            Interop.Libc.Execv(path, pointers);
            return Marshal.GetLastPInvokeErrorMessage();
        }
        finally
        {
            Marshal.FreeCoTaskMem(path);
            foreach (var p in pointers)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }
}
