using System.Reflection;

namespace NvContract.Command;

/// <summary>
/// The command: <c>run</c> and <c>create</c> (also as <c>container run|create</c>) get the GPU
/// arguments before the image; every other command goes to docker exactly as given.
/// </summary>
internal static class NvidiaDocker
{
    public static string Version { get; } =
        typeof(NvidiaDocker).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Runs docker in this process's place; returns only on failure.</summary>
    /// <exception cref="CommandException">Anything that stops docker from being run.</exception>
    public static async Task RunAsync(IReadOnlyList<string> arguments, CommandSettings settings)
    {
        var engine = DockerEngine.Find(settings.Docker, []);
        var line = DockerCommandLine.Parse(
            arguments,
            () => engine.Flags(null),
            (globals, command) => engine.WithGlobalOptions(globals).Flags(command));

        if (line.Command == "version")
        {
            Console.Out.Write($"NVIDIA Docker: {Version}\n\n");
        }

        if (!line.NeedsGpus)
        {
            throw engine.Exec(arguments);
        }

        engine = engine.WithGlobalOptions(line.GlobalOptions);
        var gpus = await GpuArguments.ForAsync(line, engine, settings).ConfigureAwait(false);
        throw engine.Exec(line.With(gpus));
    }
}
