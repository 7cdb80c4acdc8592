namespace NvContract.Core.Volumes;

/// <summary>
/// Keeps the volumes folder out of the driver's own folders: the NVIDIA installer checks those
/// folders for other copies of the driver's files, and a volume is exactly that.
/// </summary>
public static class VolumesLocation
{
    // Linux's own limit on symlinks followed while resolving one path (MAXSYMLINKS).
    private const int MaxLinks = 40;

    /// <summary>
    /// Refuses <paramref name="volumesDirectory"/> when its real path (symlinks resolved, even
    /// where the folder does not exist yet) equals or lies below one of the driver's folders.
    /// </summary>
    /// <param name="driverFolders">The real host paths of the folders holding the driver files that discovery found.</param>
    /// <exception cref="VolumesInsideDriverFolderException">It does.</exception>
    public static void EnsureOutsideDriverFolders(string volumesDirectory, IEnumerable<string> driverFolders)
    {
        var real = RealPath(volumesDirectory);
        foreach (var folder in driverFolders.Distinct(StringComparer.Ordinal))
        {
            if (real == folder || real.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                throw new VolumesInsideDriverFolderException(volumesDirectory, real, folder);
            }
        }
    }

    /// <summary>
    /// The absolute path with every symlink resolved, like realpath(3), except that components that
    /// do not exist (yet) are kept as written instead of failing.
    /// </summary>
    internal static string RealPath(string path)
    {
        var pending = new Stack<string>(Split(Path.GetFullPath(path)).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var target = LinkTarget("/" + string.Join('/', resolved.Append(part)));
            if (target is null || ++links > MaxLinks)
            {
                resolved.Add(part);
                continue;
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var piece in Split(target).Reverse())
            {
                pending.Push(piece);
            }
        }

        return "/" + string.Join('/', resolved);
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            // Below something that is not a folder, or unreadable: take the name as written.
            return null;
        }
    }

    private static IEnumerable<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
