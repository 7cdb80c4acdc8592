using System.Runtime.InteropServices;

namespace NvContract.Testing;

public static partial class Signals
{
    public const int Interrupt = 2;

    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; returns kill(2)'s result.</summary>
    public static int Send(int pid, int signal) => kill(pid, signal);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
