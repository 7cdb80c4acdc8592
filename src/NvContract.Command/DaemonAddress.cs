namespace NvContract.Command;

/// <summary>
/// Where the daemon's REST API is: <c>NV_HOST</c> (<c>http://host:3476</c>, <c>https://host:3476</c>,
/// <c>host[:port]</c> or <c>unix:///path</c>); without it, the host of a TCP Docker engine
/// (<c>-H</c> or <c>DOCKER_HOST</c>) on port 3476, as 1.0 did; else <c>http://localhost:3476</c>.
/// With <c>NV_TLS_VERIFY</c>, an address without a scheme of its own is <c>https://</c>, as
/// Docker's <c>DOCKER_TLS_VERIFY</c> makes a <c>tcp://</c> host.
/// </summary>
/// <param name="Address">The TCP address, or null for a unix socket.</param>
/// <param name="SocketPath">The unix socket path, or null for TCP.</param>
internal sealed record DaemonAddress(Uri? Address, string? SocketPath)
{
    public const int DefaultPort = 3476;

    /// <summary>As the user would write it, port included (Uri leaves a scheme's own port out).</summary>
    public override string ToString() => SocketPath is { } path ? $"unix://{path}" : $"{Address!.Scheme}://{Address.Host}:{Address.Port}";

    /// <summary>The address as the SDK's connection takes it.</summary>
    public Uri Uri => SocketPath is { } path ? new Uri("unix://" + path) : Address!;

    /// <param name="nvHost"><c>NV_HOST</c>.</param>
    /// <param name="engineHost">The engine's <c>-H</c> or <c>DOCKER_HOST</c>.</param>
    /// <param name="tls">Whether <c>NV_TLS_VERIFY</c> asks for TLS: addresses without a scheme are https.</param>
    /// <exception cref="CommandException">NV_HOST is in none of the forms.</exception>
    public static DaemonAddress Resolve(string? nvHost, string? engineHost, bool tls = false)
    {
        var scheme = tls ? "https" : "http";
        if (!string.IsNullOrWhiteSpace(nvHost))
        {
            return FromNvHost(nvHost.Trim(), scheme);
        }

        if (engineHost is { } engine && engine.StartsWith("tcp://", StringComparison.Ordinal)
            && Uri.TryCreate("http://" + engine["tcp://".Length..], UriKind.Absolute, out var tcp))
        {
            return Tcp(scheme, tcp.Host, DefaultPort);
        }

        return Tcp(scheme, "localhost", DefaultPort);
    }

    private static DaemonAddress FromNvHost(string value, string defaultScheme)
    {
        if (value.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = value["unix://".Length..];
            return path.StartsWith('/') ? new DaemonAddress(null, path) : throw Invalid(value);
        }

        if (value.StartsWith("ssh://", StringComparison.Ordinal))
        {
            throw new CommandException($"NV_HOST={value}: ssh tunnels are not supported; reach the daemon with https:// (or http://) instead");
        }

        var scheme = defaultScheme;
        var rest = value;
        foreach (var candidate in new[] { "http", "https" })
        {
            if (value.StartsWith(candidate + "://", StringComparison.Ordinal))
            {
                scheme = candidate;
                rest = value[(candidate.Length + 3)..];
            }
        }

        if (rest.Contains("://", StringComparison.Ordinal))
        {
            throw Invalid(value);
        }

        // ":3476" is the local host on that port.
        if (!Uri.TryCreate($"{scheme}://{(rest.StartsWith(':') ? "localhost" + rest : rest)}", UriKind.Absolute, out var uri)
            || uri.Host.Length == 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw Invalid(value);
        }

        // An explicit port is kept even when it is the scheme's own (Uri forgets that it was given).
        var explicitPort = rest.LastIndexOf(':') > rest.LastIndexOf(']');
        return Tcp(scheme, uri.Host, explicitPort ? uri.Port : DefaultPort);
    }

    private static DaemonAddress Tcp(string scheme, string host, int port) => new(new UriBuilder(scheme, host, port).Uri, null);

    private static CommandException Invalid(string value) =>
        new($"NV_HOST={value} is none of http://host:port, https://host:port, host:port or unix:///path");
}
