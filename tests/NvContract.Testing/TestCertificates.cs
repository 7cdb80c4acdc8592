using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NvContract.Testing;

/// <summary>
/// A certificate authority made for one test with .NET's CertificateRequest (P-256 keys), and
/// the server and client certificates it signs, as Docker's TLS guide makes them: the server's
/// for <c>localhost</c> and 127.0.0.1 with <c>serverAuth</c>, the clients' with <c>clientAuth</c>.
/// Nothing is committed; every key lives only as long as the test.
/// </summary>
public sealed class TestCertificates
{
    private TestCertificates(X509Certificate2 authority) => Authority = authority;

    /// <summary>The CA's certificate, with its key.</summary>
    public X509Certificate2 Authority { get; }

    public static TestCertificates CreateAuthority(string name = "NvContract test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificates(request.CreateSelfSigned(now.AddDays(-30), now.AddDays(30)));
    }

    /// <summary>A server certificate for <c>localhost</c>, 127.0.0.1 and ::1.</summary>
    public X509Certificate2 IssueServer(string name = "localhost") =>
        Issue(name, "1.3.6.1.5.5.7.3.1", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), server: true);

    /// <summary>A client certificate, valid now unless the dates say otherwise.</summary>
    public X509Certificate2 IssueClient(string name = "fleet-client", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        Issue(name, "1.3.6.1.5.5.7.3.2", notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(7), server: false);

    /// <summary>Writes a certificate as PEM and its key as PKCS#8 PEM, the key with mode 0600.</summary>
    public static void Write(X509Certificate2 certificate, string certPath, string? keyPath = null)
    {
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        if (keyPath is not null)
        {
            var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("no private key");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Writes a Docker-style certificate folder: ca.pem, cert.pem and key.pem.</summary>
    public void WriteClientFolder(string folder, X509Certificate2? client)
    {
        Directory.CreateDirectory(folder);
        Write(Authority, Path.Join(folder, "ca.pem"));
        if (client is not null)
        {
            Write(client, Path.Join(folder, "cert.pem"), Path.Join(folder, "key.pem"));
        }
    }

    private X509Certificate2 Issue(string name, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(name);
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(Authority, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
