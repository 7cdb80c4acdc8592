using System.Text.RegularExpressions;
using NvContract.Core.Docker;

namespace NvContract.Core.Volumes;

/// <summary>A parsed Docker volume name <c>&lt;base&gt;_&lt;version&gt;</c>, e.g. <c>nvidia_driver_550.54.15</c>.</summary>
public sealed partial record VolumeName(string Name, string Base, string Version)
{
    /// <summary>
    /// Parses and validates a name. v1's grammar (docs/v1-compatibility.md §2.2) splits at the
    /// last <c>_</c> followed only by digits and dots; the version must also be
    /// <c>\d+(\.\d+)*</c>, so <c>nvidia_driver_..</c>
    /// can never name a path outside the volumes folder (a deliberate fix over v1).
    /// </summary>
    /// <exception cref="BadVolumeFormatException">The name does not match the grammar.</exception>
    /// <exception cref="UnsupportedVolumeException">The base is not the driver volume's (<see cref="ContainerVolume.Driver"/>).</exception>
    public static VolumeName Parse(string name)
    {
        var match = Grammar().Match(name);
        if (!match.Success || !StrictVersion().IsMatch(match.Groups[2].Value))
        {
            throw new BadVolumeFormatException(name);
        }

        var volume = new VolumeName(name, match.Groups[1].Value, match.Groups[2].Value);
        if (volume.Base != ContainerVolume.Driver.Name)
        {
            throw new UnsupportedVolumeException(name);
        }

        return volume;
    }

    /// <summary>Whether <paramref name="version"/> is digits separated by single dots.</summary>
    public static bool IsValidVersion(string version) => StrictVersion().IsMatch(version);

    // \z rather than $: .NET's $ also matches before a trailing newline.
    [GeneratedRegex(@"^([a-zA-Z0-9_.-]+)_([0-9.]+)\z")]
    private static partial Regex Grammar();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)*\z")]
    private static partial Regex StrictVersion();
}
