namespace NvContract.Core.Discovery;

/// <summary>
/// Resolves paths as a process chrooted into a driver root would see them: absolute symlink
/// targets and <c>..</c> stay inside the root, so a hostile or foreign root cannot make the
/// daemon pick up a file outside it.
/// </summary>
public static class RootedPath
{
    // Linux's own limit on symlinks followed while resolving one path (MAXSYMLINKS).
    private const int MaxLinks = 40;

    /// <summary>Joins an absolute path inside the root onto the root, without resolving anything.</summary>
    public static string Join(string root, string pathInRoot)
    {
        var trimmed = pathInRoot.TrimStart('/');
        return root == "/" ? "/" + trimmed : Path.Join(root.TrimEnd('/'), trimmed);
    }

    /// <summary>
    /// Resolves every symlink of <paramref name="pathInRoot"/> (absolute, as seen inside
    /// <paramref name="root"/>) and returns the host path of the real file or folder, or null
    /// when some component does not exist or the links loop.
    /// </summary>
    public static string? Resolve(string root, string pathInRoot)
    {
        var hostRoot = Path.GetFullPath(root);
        var pending = new Stack<string>(Split(pathInRoot).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                // Like ".." at "/" in a chroot: never above the root.
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = JoinHost(hostRoot, resolved.Append(part));
            FileSystemInfo info = new FileInfo(candidate);
            if (!info.Exists && !Directory.Exists(candidate) && info.LinkTarget is null)
            {
                return null;
            }

            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return null;
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var piece in Split(target).Reverse())
                {
                    pending.Push(piece);
                }

                continue;
            }

            resolved.Add(part);
        }

        return JoinHost(hostRoot, resolved);
    }

    private static IEnumerable<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string JoinHost(string hostRoot, IEnumerable<string> parts)
    {
        var inside = "/" + string.Join('/', parts);
        return Join(hostRoot, inside);
    }
}
