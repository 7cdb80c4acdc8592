using Microsoft.Extensions.Hosting.Systemd;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// Tells the service manager (systemd, <c>Type=notify</c>) that every listener is bound, and later
/// that the daemon is stopping. Does nothing unless <c>NOTIFY_SOCKET</c> is set.
/// </summary>
public static class ServiceManager
{
    // Reads NOTIFY_SOCKET once; the host's SystemdLifetime is not used because it only switches on
    // when the parent process is systemd, and the daemon runs without a generic host.
    private static readonly SystemdNotifier Notifier = new();

    public static void Ready() => Notify(ServiceState.Ready);

    public static void Stopping() => Notify(ServiceState.Stopping);

    private static void Notify(ServiceState state)
    {
        if (Notifier.IsEnabled)
        {
            Notifier.Notify(state);
        }
    }
}
