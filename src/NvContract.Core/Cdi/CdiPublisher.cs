using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;

namespace NvContract.Core.Cdi;

/// <summary>
/// Keeps the daemon's spec file in a CDI folder true to the host. Each <see cref="Refresh"/>
/// generates the spec again and writes it only when its bytes changed; when no spec can be made
/// (no GPU, no driver files, a pinned version too low) or another spec in the folder defines the
/// same kind, the daemon's file is removed, so it never names a file that is gone or hides another
/// tool's devices. A problem is logged once, when it starts, not on every refresh.
/// </summary>
public sealed class CdiPublisher(CdiGenerator generator, string folder, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly CdiSpecFile _file = new(Path.Join(folder, generator.Kind.FileName));
    private string? _reported;

    /// <summary>The spec file this daemon owns.</summary>
    public string SpecPath => _file.Path;

    /// <summary>Brings the spec file up to date.</summary>
    /// <returns>Whether the file was written or removed.</returns>
    public bool Refresh()
    {
        lock (_gate)
        {
            CdiGeneration generation;
            try
            {
                generation = generator.Generate();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidLdCacheException or LdCacheNotFoundException or CdiVersionException)
            {
                return Withdraw($"Error: cannot generate the CDI spec {SpecPath}: {e.Message}", LogLevel.Error);
            }

            if (generation.Spec is not { } spec)
            {
                var why = generation.Warnings.Count == 0 ? "the host has no GPU" : string.Join("; ", generation.Warnings);
                return Withdraw($"No GPU device to name in the CDI spec {SpecPath}: {why}", LogLevel.Warning);
            }

            var other = CdiCollisions.Find(folder, generator.Kind, generator.Kind.FileName);
            if (other is not null)
            {
                return Withdraw(
                    $"Error: not writing the CDI spec {SpecPath}: {other} already defines {generator.Kind} devices, and runtimes drop a device that two specs in one folder define; remove {other}, or choose another kind with --cdi-kind",
                    LogLevel.Error);
            }

            try
            {
                if (!_file.Write(spec.ToJson()))
                {
                    return false;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Withdraw($"Error: cannot write the CDI spec {SpecPath}: {e.Message}", LogLevel.Error);
            }

            _reported = null;
            Report(generation.Warnings);
            logger.LogInformation(
                "Wrote CDI spec {Path} (cdiVersion {Version}): {Devices}",
                SpecPath, spec.CdiVersion, string.Join(", ", spec.Devices.Select(d => generator.Kind.Qualify(d.Name))));
            return true;
        }
    }

    /// <summary>Removes the daemon's spec (if any) and logs why, once per distinct reason.</summary>
    private bool Withdraw(string reason, LogLevel level)
    {
        if (reason != _reported)
        {
            _reported = reason;
            logger.Log(level, "{Reason}", reason);
        }

        return Delete();
    }

    /// <summary>Removes the spec file, if there is one (the daemon stops, and nothing keeps it true after).</summary>
    /// <returns>Whether there was a file.</returns>
    public bool Remove()
    {
        lock (_gate)
        {
            _reported = null;
            return Delete();
        }
    }

    private bool Delete()
    {
        try
        {
            if (_file.Delete())
            {
                logger.LogInformation("Removed CDI spec {Path}", SpecPath);
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError("Error: cannot remove the CDI spec {Path}: {Reason}", SpecPath, e.Message);
        }

        return false;
    }

    private void Report(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }
    }
}
