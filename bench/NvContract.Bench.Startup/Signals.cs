using System.Runtime.InteropServices;

namespace NvContract.Bench.Startup;

/// <summary>SIGTERM, so the daemon shuts down as under systemd (Process.Kill sends SIGKILL).</summary>
internal static partial class Signals
{
    private const int SIGTERM = 15;

    public static void Terminate(int pid) => _ = Kill(pid, SIGTERM);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
