namespace NvContract.Client;

/// <summary>
/// A connection that cannot be set up as described: a bad address, a certificate folder without
/// the files TLS verification needs, a certificate or key that cannot be read. The message is one
/// line that names the setting or file at fault.
/// </summary>
public sealed class NvContractConnectionException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    /// <param name="message">What is wrong, naming the setting or file.</param>
    /// <param name="inner">The error that caused it, if any.</param>
    public NvContractConnectionException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
