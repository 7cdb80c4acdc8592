using System.Net.Sockets;
using Grpc.Net.Client;
using NvContract.DevicePlugin.V1Beta1;

namespace NvContract.DevicePlugin;

/// <summary>A gRPC channel over a unix socket: to the kubelet's Registration service (and, in tests, to a plugin).</summary>
public static class UnixSocketChannel
{
    /// <summary>A channel whose every connection goes to <paramref name="socketPath"/>.</summary>
    public static GrpcChannel Open(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // The authority is unused on a unix socket; "localhost" is what the kubelet's clients send.
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>Registers a plugin with the kubelet listening on <paramref name="kubeletSocket"/>.</summary>
    /// <exception cref="Grpc.Core.RpcException">The kubelet refused the registration (its reason in the status detail) or cannot be reached.</exception>
    public static async Task RegisterAsync(string kubeletSocket, RegisterRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var channel = Open(kubeletSocket);
        var client = new Registration.RegistrationClient(channel);
        await client.RegisterAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);
    }
}
