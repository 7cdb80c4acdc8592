using Microsoft.AspNetCore.Server.Kestrel.Core;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Hosting;

namespace NvContract.Daemon.Security;

/// <summary>
/// How the REST listener protects itself: TLS (optionally mutual), bearer tokens, and the audit of
/// the clients it turns away. Without any of them the listener is v1's plain HTTP.
/// </summary>
public sealed class RemoteAccess
{
    private RemoteAccess(ServerCredentials? credentials, bool verifyClients, BearerTokens? tokens, RejectionAudit audit)
    {
        Credentials = credentials;
        VerifyClients = verifyClients;
        Tokens = tokens;
        Audit = audit;
    }

    /// <summary>v1's plain listener: no TLS, no token.</summary>
    public static RemoteAccess Open(ILogger logger) => new(null, false, null, new RejectionAudit(logger, TimeProvider.System));

    public ServerCredentials? Credentials { get; }

    public bool VerifyClients { get; }

    public BearerTokens? Tokens { get; }

    public RejectionAudit Audit { get; }

    /// <summary>Reads the flags' files; anything wrong with them is a start-up error.</summary>
    public static RemoteAccess Load(DaemonOptions options, ListenAddress address, ILogger logger, TimeProvider? clock = null)
    {
        var tls = TlsSettings.From(options, address);
        return new RemoteAccess(
            tls is null ? null : ServerCredentials.Load(tls, logger),
            tls?.VerifyClients ?? false,
            options.AuthTokenFile is null ? null : BearerTokens.Load(options.AuthTokenFile, logger),
            new RejectionAudit(logger, clock ?? TimeProvider.System));
    }

    /// <summary>Makes a Kestrel listener serve TLS when asked to; a plain one otherwise.</summary>
    public void Configure(ListenOptions listen)
    {
        if (Credentials is not null)
        {
            TlsListener.Configure(listen, Credentials, VerifyClients, Audit);
        }
    }

    /// <summary>
    /// The start-up warning for plain HTTP that other machines can reach (every interface or an
    /// address that is not loopback), unless <c>--insecure-remote</c> asked for it; null otherwise.
    /// </summary>
    public string? PlaintextWarning(ListenAddress address, bool insecureRemote) =>
        Credentials is not null || insecureRemote || address.UnixSocketPath is not null || address.IsLoopback
            ? null
            : $"Warning: the REST API at {address} is plain HTTP reachable from the network: anyone who can connect reads the GPUs, their processes and Docker arguments{(Tokens is null ? " without authentication" : " and sees the bearer tokens in transit")}. Use --tlsverify --tlscacert --tlscert --tlskey (see docs/security.md), or --insecure-remote to accept the risk";
}
