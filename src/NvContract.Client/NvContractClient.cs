using System.Net.Sockets;
using Refit;

namespace NvContract.Client;

/// <summary>Creates <see cref="INvContractApi"/> clients for a daemon reached over TCP or a unix socket.</summary>
public static class NvContractClient
{
    /// <summary>The daemon's default REST address, <c>http://localhost:3476</c>.</summary>
    public static readonly Uri DefaultAddress = new("http://localhost:3476");

    /// <summary>Creates a client for a daemon listening on TCP at <paramref name="baseAddress"/>.</summary>
    /// <param name="baseAddress">The daemon's address, e.g. <c>http://gpu-host-1:3476</c>.</param>
    /// <returns>A ready client; dispose nothing, it owns its own <see cref="HttpClient"/>.</returns>
    public static INvContractApi Create(Uri baseAddress) =>
        RestService.For<INvContractApi>(new HttpClient { BaseAddress = baseAddress });

    /// <summary>
    /// Creates a client for the daemon a <see cref="NvContractConnection"/> describes: TCP or a
    /// unix socket, TLS against its own CA bundle, a client certificate, a bearer token.
    /// </summary>
    /// <param name="connection">The daemon and the credentials, e.g. <see cref="NvContractConnection.FromEnvironment()"/>.</param>
    /// <returns>A ready client; it owns its own <see cref="HttpClient"/>.</returns>
    public static INvContractApi Create(NvContractConnection connection) =>
        RestService.For<INvContractApi>(new HttpClient(connection.CreateHandler()) { BaseAddress = connection.BaseAddress });

    /// <summary>Creates a client for a daemon whose REST API listens on a unix socket.</summary>
    /// <param name="socketPath">Path of the unix socket.</param>
    /// <returns>A ready client.</returns>
    public static INvContractApi CreateForUnixSocket(string socketPath) =>
        RestService.For<INvContractApi>(new HttpClient(UnixSocketHandler(socketPath)) { BaseAddress = new Uri("http://localhost") });

    /// <summary>An HTTP handler whose every connection goes to the unix socket at <paramref name="socketPath"/>.</summary>
    /// <param name="socketPath">Path of the unix socket.</param>
    /// <returns>A handler to pass to <see cref="HttpClient"/> or an HttpClientFactory registration.</returns>
    public static SocketsHttpHandler UnixSocketHandler(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
