using System.Globalization;

namespace NvContract.Command;

/// <summary>
/// The <c>com.nvidia.cuda.version</c> check: an image that needs a newer CUDA than the driver
/// supports is refused before the container starts, compared by major.minor as 1.0 did.
/// </summary>
internal static class CudaVersion
{
    /// <summary>Throws when the image's CUDA version is newer than the driver's.</summary>
    /// <param name="driver">The driver's CUDA version from the daemon (<c>12.4</c>), null when it reports none.</param>
    /// <param name="image">The image's label (<c>9.0.176</c>), null or empty when it has none.</param>
    /// <exception cref="CommandException">The image needs more than the driver gives, or the label is no version.</exception>
    public static void Check(string? driver, string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return;
        }

        if (MajorMinor(image) is not { } needed)
        {
            throw new CommandException($"invalid com.nvidia.cuda.version label: \"{image}\" (expected major.minor, e.g. 12.4)");
        }

        if (driver is null || MajorMinor(driver) is not { } supported)
        {
            throw new CommandException($"unsupported CUDA version: the driver reports none < image {image}");
        }

        if (needed.CompareTo(supported) > 0)
        {
            throw new CommandException($"unsupported CUDA version: driver {driver} < image {image}");
        }
    }

    private static (int Major, int Minor)? MajorMinor(string version)
    {
        var parts = version.Trim().Split('.');
        if (parts.Length < 1 || !TryNumber(parts[0], out var major))
        {
            return null;
        }

        var minor = 0;
        if (parts.Length > 1 && !TryNumber(parts[1], out minor))
        {
            return null;
        }

        return (major, minor);
    }

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
