using System.Globalization;

namespace NvContract.Command;

/// <summary>
/// Whether the engine takes CDI device names (<c>--device=nvidia.com/gpu=GPU-…</c>) instead of
/// the driver volume and device nodes: podman does, Docker from version 25 on.
/// </summary>
internal static class CdiSupport
{
    public const int FirstDockerVersion = 25;

    /// <param name="dockerCommand">The engine's command (<c>NV_DOCKER</c>, default <c>docker</c>).</param>
    /// <param name="serverVersion">Lazily, the engine's version (<c>docker version --format '{{.Server.Version}}'</c>); null when unknown.</param>
    public static bool Supported(string dockerCommand, Func<string?> serverVersion)
    {
        if (Path.GetFileName(dockerCommand) == "podman")
        {
            return true;
        }

        return serverVersion() is { } version && MajorVersion(version) >= FirstDockerVersion;
    }

    private static int MajorVersion(string version)
    {
        var digits = new string([.. version.Trim().TakeWhile(char.IsAsciiDigit)]);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : -1;
    }
}
