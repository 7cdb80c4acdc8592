using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// The <c>-l</c> value: v1's <c>host:port</c> (<c>:port</c> for every interface, <c>localhost</c>
/// for loopback), or <c>unix:PATH</c> to serve the REST API on a unix socket instead.
/// </summary>
public sealed record ListenAddress(string Text, string? Host, int Port, string? UnixSocketPath)
{
    private const string UnixScheme = "unix:";

    public static ListenAddress Parse(string text)
    {
        if (text.StartsWith(UnixScheme, StringComparison.Ordinal))
        {
            var path = text[UnixScheme.Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                path = path[2..];
            }

            return path.Length == 0
                ? throw new FormatException($"listen unix {text}: missing socket path")
                : new ListenAddress(text, null, 0, path);
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw new FormatException($"listen tcp {text}: missing port in address");
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"listen tcp {text}: invalid port");
        }

        return new ListenAddress(text, host.Length == 0 ? null : host, port, null);
    }

    /// <summary>
    /// Adds the listener to Kestrel; host names are resolved now, as Go's listen did. A unix
    /// socket's folder is created now; the socket is bound by the caller's
    /// <see cref="UnixSocketFile"/>, by the plugin socket's rules.
    /// </summary>
    /// <param name="listen">Further set-up of each TCP endpoint (TLS); a unix socket gets none.</param>
    public void Configure(KestrelServerOptions kestrel, Action<ListenOptions>? listen = null)
    {
        listen ??= _ => { };
        if (UnixSocketPath is not null)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(UnixSocketPath)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            kestrel.ListenUnixSocket(UnixSocketPath);
        }
        else if (Host is null)
        {
            kestrel.ListenAnyIP(Port, listen);
        }
        else if (Host == "localhost")
        {
            kestrel.ListenLocalhost(Port, listen);
        }
        else
        {
            var address = IPAddress.TryParse(Host, out var ip) ? ip : Dns.GetHostAddresses(Host).First();
            kestrel.Listen(address, Port, listen);
        }
    }

    /// <summary>
    /// True for a TCP listener only this host can reach: <c>localhost</c>, 127.0.0.0/8 or ::1.
    /// Every interface (<c>:port</c>), any other address or name, and a unix socket are not.
    /// </summary>
    public bool IsLoopback =>
        UnixSocketPath is null && Host is not null
        && (Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && LoopbackHost.IsLoopback(ip)));

    /// <summary>The network name for error messages, as Go wrote it: tcp or unix.</summary>
    public string Network => UnixSocketPath is null ? "tcp" : "unix";

    public override string ToString() => Text;
}
