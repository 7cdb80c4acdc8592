namespace NvContract.Core.Volumes;

/// <summary>
/// The time one build may take. It is checked between files and between the chunks of a copy,
/// so a huge or endless driver root cannot hold the volume's lock for long.
/// </summary>
internal sealed class BuildDeadline(TimeProvider clock, TimeSpan limit, string volumeName)
{
    private readonly long _start = clock.GetTimestamp();

    /// <exception cref="VolumeBuildException">The build has run longer than the limit.</exception>
    public void ThrowIfPassed()
    {
        if (clock.GetElapsedTime(_start) > limit)
        {
            throw new VolumeBuildException($"volume build took longer than {limit.TotalSeconds:0.#} s", volumeName);
        }
    }
}
