using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NvContract.Daemon.Hosting;

namespace NvContract.Daemon.Security;

/// <summary>
/// The server certificate (with any intermediates after it in <c>--tlscert</c>), its key and the
/// client CA, read again when one of the files changes: the next handshake after a rotation uses
/// the new files, with no restart. While the new files do not make a valid pair (the certificate
/// written, the key not yet), the previous credentials stay in use and the problem is logged once.
/// </summary>
public sealed class ServerCredentials
{
    private readonly TlsSettings _settings;
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private volatile Loaded _current;
    private Stamps _failed;

    private ServerCredentials(TlsSettings settings, ILogger logger, Loaded first)
    {
        _settings = settings;
        _logger = logger;
        _current = first;
    }

    /// <summary>Reads the files once; anything wrong with them is a start-up error.</summary>
    public static ServerCredentials Load(TlsSettings settings, ILogger logger)
    {
        var stamps = Stamp(settings);
        try
        {
            return new ServerCredentials(settings, logger, Read(settings, stamps));
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupException(Describe(settings, e), e);
        }
    }

    /// <summary>The certificate to present and the CA to check clients against, as the files are now.</summary>
    public (SslStreamCertificateContext Certificate, X509Certificate2Collection Authorities) Current
    {
        get
        {
            var current = Refresh();
            return (current.Certificate, current.Authorities);
        }
    }

    private Loaded Refresh()
    {
        var current = _current;
        var stamps = Stamp(_settings);
        if (stamps == current.Stamps)
        {
            return current;
        }

        lock (_reload)
        {
            if (_current.Stamps == stamps || _failed == stamps)
            {
                return _current;
            }

            if (PrivateFile.Problem(_settings.KeyFile, "--tlskey") is { } problem)
            {
                _failed = stamps;
                _logger.LogError("Error: {Problem}; still serving the previous certificate", problem);
                return _current;
            }

            try
            {
                _current = Read(_settings, stamps);
                _logger.LogInformation("Reloaded TLS certificate {Subject} (valid until {NotAfter:yyyy'/'MM'/'dd HH':'mm':'ss})", _current.Subject, _current.NotAfter);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                _failed = stamps;
                _logger.LogError("Error: {Reason}; still serving the previous certificate", Describe(_settings, e));
            }

            return _current;
        }
    }

    private static Loaded Read(TlsSettings settings, Stamps stamps)
    {
        var certificate = X509Certificate2.CreateFromPemFile(settings.CertFile, settings.KeyFile);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(settings.CertFile);
        var intermediates = new X509Certificate2Collection();
        foreach (var extra in chain.Skip(1))
        {
            intermediates.Add(extra);
        }

        var authorities = new X509Certificate2Collection();
        if (settings.CaFile is not null)
        {
            authorities.ImportFromPemFile(settings.CaFile);
            if (authorities.Count == 0)
            {
                throw new CryptographicException($"no certificate in {settings.CaFile}");
            }
        }

        var context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        return new Loaded(stamps, context, authorities, certificate.Subject, certificate.NotAfter);
    }

    private static string Describe(TlsSettings settings, Exception e) =>
        $"cannot load TLS certificate {settings.CertFile} with key {settings.KeyFile}{(settings.CaFile is null ? "" : $" and CA {settings.CaFile}")}: {e.Message}";

    private static Stamps Stamp(TlsSettings settings) =>
        new(FileStamp.Of(settings.CertFile), FileStamp.Of(settings.KeyFile), settings.CaFile is null ? default : FileStamp.Of(settings.CaFile));

    private readonly record struct Stamps(FileStamp Cert, FileStamp Key, FileStamp Ca);

    private sealed record Loaded(Stamps Stamps, SslStreamCertificateContext Certificate, X509Certificate2Collection Authorities, string Subject, DateTime NotAfter);
}
