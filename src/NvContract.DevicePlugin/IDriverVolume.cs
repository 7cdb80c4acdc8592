namespace NvContract.DevicePlugin;

/// <summary>The running driver's volume, for the legacy allocation form.</summary>
public interface IDriverVolume
{
    /// <summary>Builds the volume of the running driver if it does not exist yet; returns its host folder.</summary>
    Task<string> EnsureAsync(CancellationToken cancellationToken);
}
