using System.Globalization;

namespace NvContract.Core.Metrics;

/// <summary>
/// The container a host process runs in, from its <c>/proc/&lt;pid&gt;/cgroup</c>: the 64-hex-digit
/// id that Docker, podman, containerd and CRI-O put in the cgroup path, in their cgroup v1 and v2,
/// cgroupfs and systemd layouts (<c>/docker/&lt;id&gt;</c>, <c>docker-&lt;id&gt;.scope</c>,
/// <c>libpod-&lt;id&gt;.scope</c>, <c>/kubepods/…/&lt;id&gt;</c>, <c>cri-containerd-&lt;id&gt;.scope</c>,
/// <c>crio-&lt;id&gt;.scope</c>). Answers are kept per pid while the process lives.
/// </summary>
/// <param name="procRoot">Where <c>/proc</c> is read (<c>/</c> on a host; a fake tree in tests).</param>
public sealed class ContainerIds(string procRoot)
{
    private const int IdLength = 64;

    private Dictionary<long, string> _known = [];

    /// <summary>
    /// The containers of <paramref name="pids"/>, empty for a process outside any container or
    /// gone already; forgets pids not asked for (they ended). Not thread-safe: one sampler calls it.
    /// </summary>
    public IReadOnlyDictionary<long, string> Resolve(IEnumerable<long> pids)
    {
        var resolved = new Dictionary<long, string>();
        foreach (var pid in pids)
        {
            if (!resolved.ContainsKey(pid))
            {
                resolved[pid] = _known.TryGetValue(pid, out var id) ? id : Read(pid);
            }
        }

        _known = resolved;
        return resolved;
    }

    /// <summary>The container id in one cgroup file's text; empty when there is none.</summary>
    public static string Parse(string cgroup)
    {
        // The innermost (last) id on any line: nested layouts put the container's own id last.
        var found = "";
        foreach (var line in cgroup.Split('\n'))
        {
            var path = line[(line.IndexOf(':', line.IndexOf(':') + 1) + 1)..];
            foreach (var segment in path.Split('/'))
            {
                if (IdIn(segment) is { } id)
                {
                    found = id;
                }
            }
        }

        return found;
    }

    private string Read(long pid)
    {
        try
        {
            return Parse(File.ReadAllText(Path.Join(procRoot, "proc", pid.ToString(CultureInfo.InvariantCulture), "cgroup")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    // A segment that is the id, or <runtime>-<id>[.scope]: docker-, libpod-, cri-containerd-, crio-.
    private static string? IdIn(string segment)
    {
        var name = segment.EndsWith(".scope", StringComparison.Ordinal) ? segment[..^".scope".Length] : segment;
        if (name.Length < IdLength)
        {
            return null;
        }

        var id = name[^IdLength..];
        var prefix = name[..^IdLength];
        return IsHex(id) && (prefix.Length == 0 || prefix[^1] == '-') ? id : null;
    }

    private static bool IsHex(string text) => text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
