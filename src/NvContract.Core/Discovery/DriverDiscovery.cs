using Microsoft.Extensions.Logging;

namespace NvContract.Core.Discovery;

/// <summary>
/// Finds the driver files under a driver root: libraries through the root's ld.so.cache
/// (docs/v1-compatibility.md §3.3–§3.4), binaries through PATH (docs/v1-compatibility.md §3.2).
/// The parsed cache is kept and read again
/// only when the cache file's size or modification time changes, so a driver upgrade that
/// re-runs ldconfig is seen without a restart.
/// </summary>
public sealed class DriverDiscovery(string driverRoot, string? searchPath, ILogger<DriverDiscovery> logger)
{
    private const string CachePath = "/etc/ld.so.cache";
    private readonly Lock _gate = new();
    private (DateTime Modified, long Size, string Path)? _cacheKey;
    private (IReadOnlyList<string> Libraries32, IReadOnlyList<string> Libraries64) _libraries = ([], []);

    /// <summary>The driver root as given (the host's <c>/</c> by default).</summary>
    public string DriverRoot { get; } = driverRoot;

    /// <summary>Looks up the driver's binaries and libraries.</summary>
    /// <exception cref="InvalidLdCacheException">The root's ld.so.cache is malformed.</exception>
    /// <exception cref="IOException">The root's ld.so.cache cannot be read.</exception>
    public DriverFiles Discover()
    {
        var (libs32, libs64) = Libraries();
        return new DriverFiles(FindBinaries(), libs32, libs64);
    }

    private (IReadOnlyList<string>, IReadOnlyList<string>) Libraries()
    {
        var cache = RootedPath.Resolve(DriverRoot, CachePath)
            ?? throw new FileNotFoundException($"failed to read ld.so.cache: {RootedPath.Join(DriverRoot, CachePath)} not found");
        var info = new FileInfo(cache);
        var key = (info.LastWriteTimeUtc, info.Length, cache);
        lock (_gate)
        {
            if (_cacheKey != key)
            {
                var entries = LdCache.Load(cache);
                _libraries = Match(entries);
                _cacheKey = key;
                logger.LogDebug("Read {Count} ld.so.cache entries from {Path}", entries.Count, cache);
            }

            return _libraries;
        }
    }

    private (IReadOnlyList<string>, IReadOnlyList<string>) Match(IReadOnlyList<LdCacheEntry> entries)
    {
        var libs32 = new List<string>();
        var libs64 = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Arch is not { } arch || !DriverFileLists.LibraryPrefixes.Any(p => entry.Key.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            // Cache values are absolute paths inside the root; resolve them without leaving it.
            if (RootedPath.Resolve(DriverRoot, entry.Value) is { } real && File.Exists(real) && seen.Add(real))
            {
                (arch == LibraryArch.Bits64 ? libs64 : libs32).Add(real);
            }
        }

        return (libs32, libs64);
    }

    private List<string> FindBinaries()
    {
        // Like `which`: the first PATH folder holding an executable of that name wins.
        var folders = (searchPath ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Where(f => f.StartsWith('/')).ToList();
        var found = new List<string>();
        foreach (var name in DriverFileLists.Binaries)
        {
            foreach (var folder in folders)
            {
                var real = RootedPath.Resolve(DriverRoot, $"{folder.TrimEnd('/')}/{name}");
                if (real is not null && File.Exists(real) && IsExecutable(real))
                {
                    if (!found.Contains(real, StringComparer.Ordinal))
                    {
                        found.Add(real);
                    }

                    break;
                }
            }
        }

        return found;
    }

    private static bool IsExecutable(string path) =>
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
