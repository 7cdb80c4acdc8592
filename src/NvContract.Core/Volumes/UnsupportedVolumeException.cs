namespace NvContract.Core.Volumes;

/// <summary>The base name is not a volume this daemon provides.</summary>
public sealed class UnsupportedVolumeException(string name) : VolumeException("unsupported volume", name);
