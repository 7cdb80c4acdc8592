using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NvContract.Plugin.Hosting;
using NvContract.Testing;

namespace NvContract.Plugin.Tests;

/// <summary>
/// The <c>*</c> filter in front of Kestrel's parser: a client that sends nothing is closed after
/// Kestrel's header timeout, and a TLS handshake is never taken for a request line.
/// </summary>
public sealed class AsteriskTargetTests
{
    // Long enough that only a connection nobody closes reaches it.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SilentConnection_ClosedAfterTheHeaderTimeout()
    {
        await using var server = await StartAsync(TimeSpan.FromSeconds(1));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Endpoint);

        using var guard = new CancellationTokenSource(Guard);
        var read = await client.GetStream().ReadAsync(new byte[1], guard.Token);

        Assert.Equal(0, read);
    }

    [Fact]
    public void TlsClientHello_ThatReadsLikeAnAsteriskTarget_IsNoRequestLine()
    {
        // A handshake record whose random bytes hold " * " where a request's target would be.
        byte[] hello = [0x16, 0x03, 0x01, 0x00, 0xc8, 0x01, 0x00, 0x00, 0xc4, 0x03, 0x03, .. " * HTTP/1.1 "u8, 0x00, 0x01];

        Assert.False(AsteriskTarget.Inspect(hello));
    }

    [Theory]
    [InlineData("GET * HTTP/1.1", true)]
    [InlineData("OPTIONS * HTTP/1.1", true)]
    [InlineData("GET /gpu/info HTTP/1.1", false)]
    [InlineData("GET", null)]
    [InlineData("GET *", null)]
    public void Inspect_RequestLines(string start, bool? verdict)
    {
        Assert.Equal(verdict, AsteriskTarget.Inspect(Encoding.ASCII.GetBytes(start)));
    }

    [Fact]
    public async Task TlsListener_HandshakeAndRequestPassThrough()
    {
        var ca = TestCertificates.CreateAuthority();
        using var certificate = ca.IssueServer();
        await using var server = await StartAsync(TimeSpan.FromSeconds(10), certificate);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Endpoint);
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
        });

        await tls.WriteAsync("GET /ok HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray());
        var reply = await new StreamReader(tls).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", reply, StringComparison.Ordinal);
    }

    private static async Task<Server> StartAsync(TimeSpan headersTimeout, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Limits.RequestHeadersTimeout = headersTimeout;
            AsteriskTarget.Refuse(k);
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("ok"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new Server(app, new IPEndPoint(IPAddress.Loopback, address.Port));
    }

    private sealed record Server(WebApplication App, IPEndPoint Endpoint) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
