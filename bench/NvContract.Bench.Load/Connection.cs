using System.Net;
using NvContract.Client;

namespace NvContract.Bench.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection: a client whose handler may open a single connection, over
/// TCP or over a unix socket (the plugin's transport, which wrk cannot reach), over mutual TLS
/// with a certificate folder (wrk cannot present a client certificate).
/// </summary>
internal static class Connection
{
    public static HttpClient Open(LoadOptions options)
    {
        // The unix-socket handler is the client SDK's, so the bench connects as orchestrators do.
        // The TLS handler is the client SDK's too: the CA check and the client certificate.
        var handler = options.UnixSocket is { } path ? NvContractClient.UnixSocketHandler(path)
            : options.CertPath is { } certs ? (SocketsHttpHandler)NvContractConnection.FromCertificateFolder(options.Url, certs).CreateHandler()
            : new SocketsHttpHandler();
        handler.MaxConnectionsPerServer = 1;
        handler.PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan;
        handler.PooledConnectionLifetime = Timeout.InfiniteTimeSpan;
        handler.UseProxy = false;
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;
        handler.AutomaticDecompression = DecompressionMethods.None;
        return new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
    }
}
