using System.Net.Http.Headers;
using System.Net.Sockets;

namespace NvContract.Plugin.Tests.Support;

/// <summary>HttpClients that talk to a unix socket.</summary>
public static class UnixSocketHttp
{
    /// <summary>Docker's Accept header on every plugin request.</summary>
    public const string DockerAccept = "application/vnd.docker.plugins.v1.2+json";

    public static HttpClient Create(string socketPath, bool asDocker = true)
    {
        var sockets = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        HttpMessageHandler handler = asDocker ? new DockerAcceptHandler { InnerHandler = sockets } : sockets;
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
    }

    /// <summary>
    /// The generated client asks for the reply media type (v1+json); Docker sends v1.2+json, the
    /// value the server checks. Rewrites the header as Docker would.
    /// </summary>
    private sealed class DockerAcceptHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DockerAccept));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
