namespace NvContract.Plugin;

/// <summary>Where the plugin serves and keeps its volumes (the daemon's -s, -d and --driver-root).</summary>
public sealed class PluginServerOptions
{
    /// <summary>The socket file name inside <see cref="SocketDirectory"/>; Docker derives the driver name <c>nvidia-docker</c> from it.</summary>
    public const string SocketName = "nvidia-docker.sock";

    /// <summary>The <c>-s</c> folder (default <c>/run/docker/plugins</c>).</summary>
    public required string SocketDirectory { get; init; }

    /// <summary>The <c>-d</c> folder (default <c>/var/lib/nvidia-docker/volumes</c>).</summary>
    public required string VolumesDirectory { get; init; }

    /// <summary>The root holding the driver's files and its <c>/etc/ld.so.cache</c> (default <c>/</c>).</summary>
    public string DriverRoot { get; init; } = "/";

    /// <summary>PATH folders (inside the driver root) searched for the driver's binaries.</summary>
    public string? SearchPath { get; init; } = Environment.GetEnvironmentVariable("PATH");

    /// <summary>The full socket path.</summary>
    public string SocketPath => Path.Join(SocketDirectory, SocketName);
}
