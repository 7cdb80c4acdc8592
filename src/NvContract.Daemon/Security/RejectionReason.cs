namespace NvContract.Daemon.Security;

/// <summary>Why a client was turned away, as the audit line names it.</summary>
public static class RejectionReason
{
    public const string NoCertificate = "no client certificate";
    public const string NoToken = "no bearer token";
    public const string BadToken = "bad bearer token";
    public const string PlaintextOnTlsPort = "plain HTTP on the TLS port";

    /// <summary>A client certificate that does not chain to the CA, with the chain's complaint.</summary>
    public static string BadCertificate(string why) => $"bad client certificate: {why}";
}
