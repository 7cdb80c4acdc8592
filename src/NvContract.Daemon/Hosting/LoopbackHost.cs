using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NvContract.Hosting;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// Guards a loopback listener against DNS rebinding: a web page on <c>attacker.example</c> whose
/// name is made to resolve to 127.0.0.1 could otherwise read the API from the user's browser (the
/// GPU processes with their names and pids, the UUIDs). Its requests carry the page's Host, so a
/// loopback listener answers only a Host that names this machine, <c>localhost</c> or a loopback
/// address (<c>127.0.0.1</c>, <c>[::1]</c>), with any port or none; any other gets
/// <c>421 Misdirected Request</c>. A request without a Host (HTTP/1.0; HTTP/1.1 requires one, and
/// Kestrel answers 400 without it) or with an empty one cannot come from a browser and is served.
/// Only used when <see cref="ListenAddress.IsLoopback"/>: on every interface, a named address or a
/// unix socket, any Host is served, since the names clients use there cannot be known.
/// </summary>
public static class LoopbackHost
{
    public const string MisdirectedBody = "421 misdirected request: Host must name this machine (localhost, 127.0.0.1, [::1])\n";

    public static async Task Invoke(HttpContext context, RequestDelegate next)
    {
        if (IsAllowed(context.Request.Headers.Host.ToString()))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
        context.Response.ContentType = EncodedBody.Text;
        context.Response.ContentLength = MisdirectedBody.Length;
        await context.Response.WriteAsync(MisdirectedBody);
    }

    /// <summary>Whether a Host header value (<c>name[:port]</c>) may reach a loopback listener.</summary>
    public static bool IsAllowed(string host)
    {
        if (host.Length == 0)
        {
            return true;
        }

        string name;
        string port;
        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            name = host[1..end];
            port = host[(end + 1)..];
            if (!IPAddress.TryParse(name, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var colon = host.IndexOf(':', StringComparison.Ordinal);
            name = colon < 0 ? host : host[..colon];
            port = colon < 0 ? "" : host[colon..];
            if (!name.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IsDottedQuad(name))
            {
                return false;
            }
        }

        // ":" alone is a valid (empty) port in a URI authority.
        var portValid = port.Length == 0
            || (port[0] == ':' && (port.Length == 1 || ushort.TryParse(port.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out _)));
        return portValid
            && (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(name, out var ip) && IsLoopback(ip)));
    }

    /// <summary>127.0.0.0/8 and ::1, also written as an IPv4-mapped IPv6 address.</summary>
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    // IPAddress.TryParse also reads "127.1" and "2130706433"; a browser sends the four parts.
    private static bool IsDottedQuad(string name) =>
        name.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
}
