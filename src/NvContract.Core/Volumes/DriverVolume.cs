namespace NvContract.Core.Volumes;

/// <summary>An existing driver volume: its Docker name and host folder.</summary>
public sealed record DriverVolume(string Name, string Mountpoint);
