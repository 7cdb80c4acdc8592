using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NvContract.Client;

/// <summary>
/// Checks the daemon's certificate against the connection's CA bundle alone, never the system's
/// trusted roots: a private CA signs the daemons, and a certificate some public CA issued for
/// the same name must not pass. The host name must match the certificate as usual.
/// </summary>
internal static class ServerCertificateCheck
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public static RemoteCertificateValidationCallback For(X509Certificate2Collection authorities) =>
        (_, certificate, peerChain, errors) =>
        {
            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
            if (peerChain is not null)
            {
                chain.ChainPolicy.ExtraStore.AddRange(peerChain.ChainPolicy.ExtraStore);
            }

            var leaf = certificate as X509Certificate2;
            using var copy = leaf is null ? new X509Certificate2(certificate) : null;
            return chain.Build(leaf ?? copy!);
        };
}
