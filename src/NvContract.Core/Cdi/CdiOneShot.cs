namespace NvContract.Core.Cdi;

/// <summary>
/// A spec written once, for hosts that do not run the daemon: <c>nvidia-docker-plugin
/// --cdi-generate</c> and <c>nvidia-docker-cdi-generate</c> both come here, so the two give the
/// same bytes and the same errors. A file is written whole or not at all (<see cref="CdiSpecFile"/>)
/// and never next to another spec of the same kind; <c>-</c> prints the spec instead.
/// </summary>
public static class CdiOneShot
{
    /// <summary>The target that prints the spec to stdout.</summary>
    public const string Stdout = "-";

    /// <summary>Generates the spec and writes it to <paramref name="target"/> (a file, or <see cref="Stdout"/>).</summary>
    /// <param name="warn">Told each device or file left out of the spec, one sentence each.</param>
    /// <returns>The spec written, and the file's full path (null for stdout).</returns>
    /// <exception cref="CdiOneShotException">No GPU to name, or another spec of the kind in the target's folder.</exception>
    /// <exception cref="CdiVersionException">The spec needs a newer version than the pinned one.</exception>
    /// <exception cref="IOException">The driver's ld.so.cache cannot be read, or the file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write the file.</exception>
    public static (CdiSpec Spec, string? Path) Write(CdiGenerator generator, string target, Stream stdout, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(warn);
        var generation = generator.Generate();
        foreach (var warning in generation.Warnings)
        {
            warn(warning);
        }

        if (generation.Spec is not { } spec)
        {
            throw new CdiOneShotException(generation.Warnings.Count == 0 ? "no GPU to name in a CDI spec" : "no GPU device node to name in a CDI spec");
        }

        var json = spec.ToJson();
        if (target == Stdout)
        {
            stdout.Write(json);
            stdout.Flush();
            return (spec, null);
        }

        var file = new CdiSpecFile(target);
        var folder = System.IO.Path.GetDirectoryName(file.Path)!;
        if (CdiCollisions.Find(folder, generator.Kind, System.IO.Path.GetFileName(file.Path)) is { } other)
        {
            throw new CdiOneShotException(
                $"not writing {file.Path}: {other} already defines {generator.Kind} devices, and runtimes drop a device that two specs in one folder define; remove {other}, or choose another kind with --cdi-kind");
        }

        file.Write(json);
        return (spec, file.Path);
    }
}
