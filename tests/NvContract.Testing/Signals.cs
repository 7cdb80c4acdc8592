namespace NvContract.Testing;

public static class Signals
{
    public const int Interrupt = 2;

    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; returns kill(2)'s result.</summary>
    public static int Send(int pid, int signal) => Interop.Libc.Kill(pid, signal);
}
