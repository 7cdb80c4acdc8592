using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// Bounds on the REST listener. It shares the process's descriptor table with the plugin socket,
/// so idle clients holding connections up to the descriptor limit would leave Docker's
/// <c>VolumeDriver.Get</c> unanswered. The REST API keeps at most <see cref="ConnectionCap"/>
/// connections (a connection over it is closed as soon as it is accepted), and idle ones go sooner
/// than Kestrel's defaults (130 s idle, 30 s for the request headers).
/// </summary>
public static class RestLimits
{
    /// <summary>The most concurrent REST connections, whatever the descriptor limit.</summary>
    public const int MaxConnections = 512;

    /// <summary>How long a connection may stay idle between requests.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a client may take to send a request's headers.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    public static void Apply(KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxConcurrentConnections = ConnectionCap(OpenFileLimit());
        kestrel.Limits.KeepAliveTimeout = KeepAliveTimeout;
        kestrel.Limits.RequestHeadersTimeout = RequestHeadersTimeout;
    }

    /// <summary>
    /// A quarter of the descriptor limit, at most <see cref="MaxConnections"/>: the other three
    /// quarters stay for the plugin socket, NVML's device files and volume builds, however low the
    /// limit the daemon was started with (the packaged unit sets <c>LimitNOFILE=4096</c>).
    /// </summary>
    /// <param name="openFileLimit">The soft RLIMIT_NOFILE; null when unknown.</param>
    public static long ConnectionCap(ulong? openFileLimit) =>
        openFileLimit is { } limit ? (long)Math.Clamp(limit / 4, 1, MaxConnections) : MaxConnections;

    /// <summary>The soft RLIMIT_NOFILE now (the runtime may have raised it to the hard limit at start).</summary>
    private static ulong? OpenFileLimit() => Interop.Libc.GetRLimit(Interop.Libc.RLIMIT_NOFILE, out var limit) == 0 ? limit.Current : null;
}
