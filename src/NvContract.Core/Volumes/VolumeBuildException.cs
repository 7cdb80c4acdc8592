namespace NvContract.Core.Volumes;

/// <summary>
/// The driver root cannot make a usable volume (a required library is missing or unusable, the
/// ld.so.cache is missing or malformed, the build ran past its deadline). Nothing is left behind;
/// the plugin answers it in <c>Err</c>, e.g.
/// <c>required library libcuda.so.1 not found in the driver's ld.so.cache: nvidia_driver_550.54.15</c>.
/// </summary>
public sealed class VolumeBuildException(string reason, string name) : VolumeException(reason, name)
{
    /// <summary>What is wrong, without the volume name.</summary>
    public string Reason { get; } = reason;
}
