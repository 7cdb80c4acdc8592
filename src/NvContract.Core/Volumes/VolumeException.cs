namespace NvContract.Core.Volumes;

/// <summary>
/// A request names a volume that cannot be served. The message is v1's error text
/// (<c>&lt;reason&gt;: &lt;volume name&gt;</c>), which the plugin protocol returns in <c>Err</c>.
/// </summary>
public abstract class VolumeException : Exception
{
    protected VolumeException(string reason, string name)
        : base($"{reason}: {name}")
    {
    }

    /// <summary>For errors about the volumes folder rather than a name; the message is the whole text.</summary>
    protected VolumeException(string message)
        : base(message)
    {
    }
}
