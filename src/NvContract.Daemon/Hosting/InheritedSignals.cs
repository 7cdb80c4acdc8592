namespace NvContract.Daemon.Hosting;

/// <summary>
/// v1 stopped on SIGINT even when it was started with SIGINT ignored, which is how a shell starts
/// background jobs (<c>nvidia-docker-plugin ... &amp;</c> in a script): Go's signal.Notify takes the
/// signal back. .NET keeps an inherited "ignore", so the daemon restores the default disposition
/// before the runtime's signal handling starts, and <see cref="StopSignals"/> then receives it.
/// </summary>
public static class InheritedSignals
{
    /// <summary>Call first in Main, before anything touches the console or registers a signal.</summary>
    public static void StopIgnoringInterrupt() => Interop.Libc.Signal(Interop.Libc.SIGINT, Interop.Libc.SIG_DFL);
}
