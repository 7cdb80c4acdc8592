namespace NvContract.Command;

/// <summary>
/// Makes sure the driver volumes the daemon's arguments name exist before the container is
/// created: created through the <c>nvidia-docker</c> volume plugin when missing, so that a
/// plugin Docker cannot find is one clear error instead of a failed container start.
/// </summary>
internal static class DriverVolume
{
    public const string Driver = "nvidia-docker";

    /// <summary>The volume names in the daemon's arguments (<c>--volume=nvidia_driver_550.54:/usr/local/nvidia:ro</c>).</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> arguments) =>
        [.. arguments
            .Where(a => a.StartsWith("--volume=", StringComparison.Ordinal))
            .Select(a => a["--volume=".Length..].Split(':')[0])];

    /// <exception cref="CommandException">A volume is missing and the plugin cannot create it.</exception>
    public static void Ensure(DockerEngine engine, IReadOnlyList<string> arguments)
    {
        foreach (var name in Names(arguments))
        {
            if (engine.Ask("volume", "inspect", name).ExitCode == 0)
            {
                continue;
            }

            var (code, _, error) = engine.Ask("volume", "create", "--driver", Driver, name);
            if (code != 0)
            {
                throw new CommandException(
                    $"cannot create the driver volume {name} with the {Driver} volume plugin: {error.Trim()} (is nvidia-docker-plugin running, and registered with the engine?)");
            }
        }
    }
}
