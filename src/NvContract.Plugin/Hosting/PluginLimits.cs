namespace NvContract.Plugin.Hosting;

/// <summary>
/// Size limits on the plugin socket. Docker's requests are a few hundred bytes; the limits keep a
/// misbehaving client from making the daemon buffer, log or echo megabytes.
/// </summary>
public static class PluginLimits
{
    /// <summary>The largest request body read (Kestrel's limit on the socket); a larger one gets 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The most bytes of request headers accepted (Kestrel's limit); more gets 431 from Kestrel.</summary>
    public const int MaxHeaderBytes = 16 * 1024;
}
