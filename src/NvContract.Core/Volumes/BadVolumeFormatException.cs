namespace NvContract.Core.Volumes;

/// <summary>The name is not <base>_<version> with a strict numeric version.</summary>
public sealed class BadVolumeFormatException(string name) : VolumeException("bad volume format", name);
