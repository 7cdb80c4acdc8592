using System.Globalization;
using System.Text.Json;

namespace NvContract.Command;

/// <summary>
/// Whether the engine takes CDI device names (<c>--device=nvidia.com/gpu=GPU-…</c>) instead of
/// the driver volume and device nodes: podman does; Docker from version 25 on does when CDI is
/// enabled in its daemon.json (<c>features.cdi</c>, the default from 28.2), which it tells in
/// <c>docker info</c>'s <c>CDISpecDirs</c>: an empty list means CDI is off.
/// </summary>
internal static class CdiSupport
{
    public const int FirstDockerVersion = 25;

    /// <param name="dockerCommand">The engine's command (<c>NV_DOCKER</c>, default <c>docker</c>).</param>
    /// <param name="serverVersion">Lazily, the engine's version (<c>docker version --format '{{.Server.Version}}'</c>); null when unknown.</param>
    /// <param name="cdiSpecDirs">Lazily, <c>docker info --format '{{json .CDISpecDirs}}'</c>; null when it does not answer.</param>
    /// <param name="notice">Told, in one line, why a Docker that could take CDI names gets the volume form.</param>
    public static bool Supported(string dockerCommand, Func<string?> serverVersion, Func<string?> cdiSpecDirs, Action<string> notice)
    {
        if (Path.GetFileName(dockerCommand) == "podman")
        {
            return true;
        }

        if (serverVersion() is not { } version || MajorVersion(version) < FirstDockerVersion)
        {
            return false;
        }

        switch (SpecDirCount(cdiSpecDirs()))
        {
            case > 0:
                return true;
            case 0:
                notice($"Docker {version.Trim()} has CDI disabled (docker info lists no CDI spec directories; \"features\": {{\"cdi\": true}} in /etc/docker/daemon.json enables it): using the nvidia-docker volume and device nodes");
                return false;
            default:
                notice($"cannot tell whether Docker {version.Trim()} has CDI enabled (docker info reports no CDISpecDirs): using the nvidia-docker volume and device nodes");
                return false;
        }
    }

    private static int MajorVersion(string version)
    {
        var digits = new string([.. version.Trim().TakeWhile(char.IsAsciiDigit)]);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : -1;
    }

    /// <summary>How many folders the JSON list names; 0 for an empty list or null (CDI off); -1 when the answer is not a list.</summary>
    private static int SpecDirCount(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return -1;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => document.RootElement.EnumerateArray().Count(e => e.ValueKind == JsonValueKind.String && e.GetString()!.Length > 0),
                JsonValueKind.Null => 0,
                _ => -1,
            };
        }
        catch (JsonException)
        {
            return -1;
        }
    }
}
