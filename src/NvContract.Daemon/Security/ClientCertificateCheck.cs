using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NvContract.Daemon.Security;

/// <summary>
/// Whether a client certificate chains to the <c>--tlscacert</c> CA: the chain is built against
/// that CA alone (never the system's trusted roots, which would admit any publicly issued
/// certificate), at the current time, for client authentication. Revocation is not checked: a
/// private CA has no revocation service; rotate the CA to revoke.
/// </summary>
public static class ClientCertificateCheck
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Null when <paramref name="certificate"/> is acceptable, else the audit reason.</summary>
    /// <param name="intermediates">Intermediate certificates the client sent with its own.</param>
    public static string? Problem(X509Certificate? certificate, X509Certificate2Collection authorities, X509Certificate2Collection? intermediates = null)
    {
        if (certificate is null)
        {
            return RejectionReason.NoCertificate;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        var leaf = certificate as X509Certificate2;
        using var copy = leaf is null ? new X509Certificate2(certificate) : null;
        if (chain.Build(leaf ?? copy!))
        {
            return null;
        }

        var statuses = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b);
        return RejectionReason.BadCertificate(Explain(statuses));
    }

    private static string Explain(X509ChainStatusFlags statuses) =>
        statuses.HasFlag(X509ChainStatusFlags.NotTimeValid) ? "expired or not yet valid"
        : statuses.HasFlag(X509ChainStatusFlags.UntrustedRoot) || statuses.HasFlag(X509ChainStatusFlags.PartialChain) ? "not signed by the --tlscacert CA"
        : statuses.HasFlag(X509ChainStatusFlags.NotValidForUsage) ? "not for client authentication"
        : statuses.ToString();
}
