using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace NvContract.Daemon.Security;

/// <summary>
/// Turns a Kestrel listener into a TLS one: every handshake takes the credentials as the files
/// are now (<see cref="ServerCredentials"/>), and with <c>--tlsverify</c> requires a client
/// certificate that chains to the CA; a refused client is audited with its address and reason.
/// </summary>
public static class TlsListener
{
    public static void Configure(ListenOptions listen, ServerCredentials credentials, bool verifyClients, RejectionAudit audit)
    {
        listen.Protocols = HttpProtocols.Http1;
        listen.Use(PlaintextOnTlsPort.Middleware(audit));
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context =>
            {
                var (certificate, authorities) = credentials.Current;
                var client = (context.Connection.RemoteEndPoint as IPEndPoint)?.Address;
                var options = new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = certificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                    ClientCertificateRequired = verifyClients,
                };
                if (verifyClients)
                {
                    options.RemoteCertificateValidationCallback = (_, presented, chain, _) =>
                    {
                        var problem = ClientCertificateCheck.Problem(presented, authorities, chain?.ChainPolicy.ExtraStore);
                        if (problem is not null)
                        {
                            audit.Rejected(client, problem);
                        }

                        return problem is null;
                    };
                }

                return ValueTask.FromResult(options);
            },
        });
    }
}
