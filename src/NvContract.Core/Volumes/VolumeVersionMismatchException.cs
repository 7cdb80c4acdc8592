namespace NvContract.Core.Volumes;

/// <summary>Create asked for a version other than the running driver's.</summary>
public sealed class VolumeVersionMismatchException(string name) : VolumeException("invalid volume version", name);
