namespace NvContract.Core.Volumes;

/// <summary>The volume has not been created, or was removed.</summary>
public sealed class VolumeNotFoundException(string name) : VolumeException("no such volume", name);
