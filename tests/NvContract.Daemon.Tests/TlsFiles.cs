using System.Security.Cryptography.X509Certificates;
using NvContract.Daemon.Cli;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>
/// A test CA and the daemon's files in a temporary folder: <c>ca.pem</c>, <c>server-cert.pem</c>,
/// <c>server-key.pem</c> (mode 0600), and client certificate folders in Docker's layout.
/// </summary>
public sealed class TlsFiles : IDisposable
{
    private readonly TempFolder _folder = new();

    public TlsFiles()
    {
        Ca = TestCertificates.CreateAuthority();
        TestCertificates.Write(Ca.Authority, CaFile);
        RotateServer();
    }

    public TestCertificates Ca { get; }

    public X509Certificate2 Server { get; private set; } = null!;

    public string CaFile => _folder.Combine("ca.pem");

    public string CertFile => _folder.Combine("server-cert.pem");

    public string KeyFile => _folder.Combine("server-key.pem");

    public string TokenFile => _folder.Combine("tokens");

    /// <summary>The daemon's TLS flags: <c>--tlsverify</c> with the CA, or <c>--tls</c> alone.</summary>
    public DaemonOptions Options(bool verify = true, string? tokenFile = null) => new()
    {
        TlsVerify = verify,
        Tls = !verify,
        TlsCaCert = verify ? CaFile : null,
        TlsCert = CertFile,
        TlsKey = KeyFile,
        AuthTokenFile = tokenFile,
    };

    /// <summary>A new server certificate and key in place of the old ones.</summary>
    public void RotateServer()
    {
        Server = Ca.IssueServer();
        TestCertificates.Write(Server, CertFile, KeyFile);
    }

    /// <summary>A Docker-style folder (ca.pem, cert.pem, key.pem) with this client certificate; null: ca.pem alone.</summary>
    public string ClientFolder(string name, X509Certificate2? client)
    {
        var folder = _folder.Combine(name);
        Ca.WriteClientFolder(folder, client);
        return folder;
    }

    /// <summary>Writes the token file, mode 0600.</summary>
    public string WriteTokens(string text)
    {
        File.WriteAllText(TokenFile, text);
        File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return TokenFile;
    }

    public void Dispose() => _folder.Dispose();
}
