using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NvContract.Client;

/// <summary>
/// Where a daemon is and how to reach it safely: its address (<c>http://</c>, <c>https://</c> or
/// <c>unix:///path</c>), the CA bundle its certificate must chain to (checked against that bundle
/// alone), a client certificate for a daemon started with <c>--tlsverify</c>, and a bearer token
/// for one started with <c>--auth-token-file</c>. Pass it to <see cref="NvContractClient.Create(NvContractConnection)"/>.
/// </summary>
/// <remarks>
/// Certificate folders follow Docker's convention (<c>DOCKER_CERT_PATH</c>): <c>ca.pem</c>,
/// <c>cert.pem</c> and <c>key.pem</c>; the same folder works with <c>docker</c> and <c>curl</c>.
/// </remarks>
public sealed record NvContractConnection
{
    /// <summary>The CA bundle's file name in a certificate folder.</summary>
    public const string CaFileName = "ca.pem";

    /// <summary>The client certificate's file name in a certificate folder.</summary>
    public const string CertFileName = "cert.pem";

    /// <summary>The client key's file name in a certificate folder.</summary>
    public const string KeyFileName = "key.pem";

    /// <summary>The certificate folder under the home folder when no variable names one.</summary>
    public const string DefaultCertFolder = ".nvidia-docker";

    private const string UnixScheme = "unix";

    /// <summary>The daemon: <c>http://host:port</c>, <c>https://host:port</c> or <c>unix:///path/to.sock</c>.</summary>
    public Uri Address { get; init; } = NvContractClient.DefaultAddress;

    /// <summary>The CAs the daemon's certificate must chain to (only these); null trusts the system's roots.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>The certificate, with its private key, presented to a daemon that verifies clients.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The bearer token sent with every request; null sends none.</summary>
    public string? AuthToken { get; init; }

    /// <summary>The socket path of a <c>unix://</c> address; null for TCP.</summary>
    public string? UnixSocketPath => Address.Scheme == UnixScheme ? Uri.UnescapeDataString(Address.AbsolutePath) : null;

    /// <summary>The base address requests are made against (a unix socket's requests name localhost).</summary>
    public Uri BaseAddress => UnixSocketPath is null ? Address : new Uri("http://localhost");

    /// <summary>
    /// Reads an address as users write it: <c>http://</c>, <c>https://</c> or <c>unix://</c> URLs,
    /// <c>unix:PATH</c>, or Docker's <c>tcp://host:port</c> and a bare <c>host:port</c>, which
    /// become <c>https://</c> when <paramref name="tls"/> and <c>http://</c> otherwise.
    /// </summary>
    /// <param name="text">The address.</param>
    /// <param name="tls">Whether an address without a scheme of its own uses TLS.</param>
    /// <returns>The address as a URI.</returns>
    public static Uri ParseAddress(string text, bool tls = false)
    {
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = text["unix:".Length..].TrimStart('/');
            return path.Length == 0
                ? throw new NvContractConnectionException($"address {text}: no socket path")
                : new Uri("unix:///" + path);
        }

        var rest = text.StartsWith("tcp://", StringComparison.Ordinal) ? text["tcp://".Length..] : text;
        var url = rest.Contains("://", StringComparison.Ordinal) ? rest : (tls ? "https://" : "http://") + rest;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri
            : throw new NvContractConnectionException($"address {text}: not http://host:port, https://host:port, host:port or unix:///path");
    }

    /// <summary>
    /// A TLS connection with the files of a Docker-style certificate folder: <c>ca.pem</c> (the
    /// daemon's certificate must chain to it) and, when both are there, <c>cert.pem</c> and
    /// <c>key.pem</c> (the client certificate).
    /// </summary>
    /// <param name="address">The daemon, <c>https://host:port</c>.</param>
    /// <param name="folder">The certificate folder.</param>
    /// <param name="authToken">A bearer token to send as well; null sends none.</param>
    /// <returns>The connection.</returns>
    public static NvContractConnection FromCertificateFolder(Uri address, string folder, string? authToken = null)
    {
        var connection = new NvContractConnection { Address = address, AuthToken = authToken };
        return connection.WithCertificateFolder(folder, requireCa: true);
    }

    /// <summary>
    /// The connection the environment describes, with the names Docker users know:
    /// <c>NV_HOST</c> (the address; default <c>http://localhost:3476</c>), <c>NV_TLS_VERIFY</c>
    /// (any value but empty, <c>0</c> or <c>false</c>: TLS, the daemon checked against
    /// <c>ca.pem</c>), <c>NV_CERT_PATH</c> or else <c>DOCKER_CERT_PATH</c> (the certificate folder;
    /// default <c>~/.nvidia-docker</c>) and <c>NV_AUTH_TOKEN</c> (a bearer token).
    /// </summary>
    /// <returns>The connection.</returns>
    public static NvContractConnection FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary><see cref="FromEnvironment()"/> with the variables read through <paramref name="variable"/>.</summary>
    /// <param name="variable">Returns a variable's value, or null when it is not set.</param>
    /// <returns>The connection.</returns>
    public static NvContractConnection FromEnvironment(Func<string, string?> variable)
    {
        var verify = variable("NV_TLS_VERIFY") is { Length: > 0 } v && v != "0" && !v.Equals("false", StringComparison.OrdinalIgnoreCase);
        var host = variable("NV_HOST") is { Length: > 0 } h ? h : null;
        var token = variable("NV_AUTH_TOKEN") is { Length: > 0 } t ? t : null;
        var address = host is null ? (verify ? new Uri("https://localhost:3476") : NvContractClient.DefaultAddress) : ParseAddress(host, verify);
        var connection = new NvContractConnection { Address = address, AuthToken = token };
        if (address.Scheme != Uri.UriSchemeHttps)
        {
            return verify
                ? throw new NvContractConnectionException($"NV_TLS_VERIFY is set but NV_HOST {host} is not an https:// or host:port address")
                : connection;
        }

        var folder = variable("NV_CERT_PATH") is { Length: > 0 } nv ? nv
            : variable("DOCKER_CERT_PATH") is { Length: > 0 } docker ? docker
            : Path.Join(variable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), DefaultCertFolder);
        return connection.WithCertificateFolder(folder, requireCa: verify);
    }

    /// <summary>
    /// The HTTP handler that makes every connection as described: over the unix socket or TCP,
    /// TLS checked against <see cref="CertificateAuthorities"/>, the client certificate offered,
    /// the token sent.
    /// </summary>
    /// <returns>A new handler; the <see cref="HttpClient"/> given it owns it.</returns>
    public HttpMessageHandler CreateHandler()
    {
        var handler = UnixSocketPath is { } socket ? NvContractClient.UnixSocketHandler(socket) : new SocketsHttpHandler();
        if (CertificateAuthorities is { } authorities)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ServerCertificateCheck.For(authorities);
        }

        if (ClientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = [certificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        return AuthToken is { } token ? new BearerTokenHandler(token, handler) : handler;
    }

    private NvContractConnection WithCertificateFolder(string folder, bool requireCa)
    {
        var ca = Path.Join(folder, CaFileName);
        var cert = Path.Join(folder, CertFileName);
        var key = Path.Join(folder, KeyFileName);
        try
        {
            X509Certificate2Collection? authorities = null;
            if (File.Exists(ca))
            {
                authorities = [];
                authorities.ImportFromPemFile(ca);
            }
            else if (requireCa)
            {
                throw new NvContractConnectionException($"TLS verification needs the CA bundle {ca}, which does not exist");
            }

            var hasCert = File.Exists(cert);
            if (hasCert != File.Exists(key))
            {
                throw new NvContractConnectionException($"a client certificate needs both {cert} and {key}; only {(hasCert ? cert : key)} exists");
            }

            return this with
            {
                CertificateAuthorities = authorities,
                ClientCertificate = hasCert ? X509Certificate2.CreateFromPemFile(cert, key) : null,
            };
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new NvContractConnectionException($"certificate folder {folder}: {e.Message}", e);
        }
    }
}
