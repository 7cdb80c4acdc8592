using NvContract.Daemon.Cli;
using NvContract.Daemon.Hosting;

namespace NvContract.Daemon.Security;

/// <summary>
/// Docker's TLS flags for the REST listener: <c>--tls --tlscert --tlskey</c> serves HTTPS;
/// <c>--tlsverify --tlscacert</c> also requires a client certificate that chains to that CA
/// (<c>--tlsverify</c> implies <c>--tls</c>).
/// </summary>
public sealed record TlsSettings(string CertFile, string KeyFile, string? CaFile)
{
    /// <summary>Whether clients must present a certificate signed by <see cref="CaFile"/>.</summary>
    public bool VerifyClients => CaFile is not null;

    /// <summary>The settings the options ask for; null for plain HTTP. Inconsistent flags are a start-up error.</summary>
    public static TlsSettings? From(DaemonOptions options, ListenAddress address)
    {
        var tls = options.Tls || options.TlsVerify;
        if (!tls)
        {
            return options.TlsCert is null && options.TlsKey is null && options.TlsCaCert is null
                ? null
                : throw new StartupException("--tlscert, --tlskey and --tlscacert take effect only with --tls or --tlsverify");
        }

        if (address.UnixSocketPath is not null)
        {
            throw new StartupException("--tls and --tlsverify apply to a TCP listener (-l host:port); a unix socket is protected by its file mode");
        }

        if (options.TlsCert is null || options.TlsKey is null)
        {
            throw new StartupException("--tls and --tlsverify need --tlscert and --tlskey");
        }

        if (options.TlsVerify && options.TlsCaCert is null)
        {
            throw new StartupException("--tlsverify needs --tlscacert, the CA that signs client certificates");
        }

        if (!options.TlsVerify && options.TlsCaCert is not null)
        {
            throw new StartupException("--tlscacert takes effect only with --tlsverify (--tls does not check client certificates)");
        }

        PrivateFile.Check(options.TlsKey, "--tlskey");
        return new TlsSettings(options.TlsCert, options.TlsKey, options.TlsVerify ? options.TlsCaCert : null);
    }
}
