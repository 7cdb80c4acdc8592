using System.Text;
using System.Text.RegularExpressions;
using NvContract.Core.Docker;

namespace NvContract.Core.Volumes;

/// <summary>A parsed Docker volume name <c>&lt;base&gt;_&lt;version&gt;</c>, e.g. <c>nvidia_driver_550.54.15</c>.</summary>
public sealed partial record VolumeName(string Name, string Base, string Version)
{
    /// <summary>
    /// The longest name accepted, in UTF-8 bytes (a file name's limit): a longer one is refused
    /// before it is matched, logged or echoed, so a request cannot make the daemon log megabytes.
    /// </summary>
    public const int MaxBytes = 255;

    // How much of a name that is too long is shown in errors and logs.
    private const int ShownChars = 64;

    /// <summary>
    /// Parses and validates a name. v1's grammar (docs/v1-compatibility.md §2.2) splits at the
    /// last <c>_</c> followed only by digits and dots; the version must also be <c>\d+(\.\d+)*</c>, so <c>nvidia_driver_..</c>
    /// can never name a path outside the volumes folder (a deliberate fix over v1).
    /// </summary>
    /// <exception cref="VolumeNameTooLongException">The name is longer than <see cref="MaxBytes"/>.</exception>
    /// <exception cref="BadVolumeFormatException">The name does not match the grammar.</exception>
    /// <exception cref="UnsupportedVolumeException">The base is not the driver volume's (<see cref="ContainerVolume.Driver"/>).</exception>
    public static VolumeName Parse(string name)
    {
        if (IsTooLong(name))
        {
            throw new VolumeNameTooLongException(name);
        }

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

    /// <summary>
    /// The name as it may be logged or echoed: unchanged up to <see cref="MaxBytes"/>, otherwise its
    /// first 64 characters and its size, e.g. <c>nvidia_driver_1111…(70000 bytes)</c>.
    /// </summary>
    public static string Printable(string name)
    {
        if (!IsTooLong(name))
        {
            return name;
        }

        // Never cut a surrogate pair in half.
        var shown = char.IsHighSurrogate(name[ShownChars - 1]) ? ShownChars - 1 : ShownChars;
        return $"{name[..shown]}…({Encoding.UTF8.GetByteCount(name)} bytes)";
    }

    /// <summary>Whether <paramref name="version"/> is digits separated by single dots.</summary>
    public static bool IsValidVersion(string version) => StrictVersion().IsMatch(version);

    // Every character is at least one byte: only a short name needs counting.
    private static bool IsTooLong(string name) => name.Length > MaxBytes || Encoding.UTF8.GetByteCount(name) > MaxBytes;

    // \z rather than $: .NET's $ also matches before a trailing newline.
    [GeneratedRegex(@"^([a-zA-Z0-9_.-]+)_([0-9.]+)\z")]
    private static partial Regex Grammar();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)*\z")]
    private static partial Regex StrictVersion();
}
