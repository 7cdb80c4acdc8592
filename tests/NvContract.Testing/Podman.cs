namespace NvContract.Testing;

/// <summary>
/// A private podman: its own store (vfs) and run folder, a containers.conf that works on CI machines
/// (runc, no network, ulimits within their hard limits), and an image imported from a tarball (static busybox and the
/// host's static ldconfig; no registry). Each run happens in a private mount namespace where the
/// test's CDI folder is mounted on /run/cdi, the folder podman 4.3 reads, so nothing of the host's
/// own CDI setup is touched. CDI devices are asked for through podman's own CLI: its
/// Docker-compatible API drops them silently.
/// </summary>
public sealed class Podman : IDisposable
{
    public const string Busybox = "/bin/busybox";
    public const string Image = "localhost/nvcontract-cdi-test:latest";

    private readonly TempFolder _folder = new();

    public Podman(string cdiFolder)
    {
        CdiFolder = cdiFolder;
        File.WriteAllText(_folder.Combine("containers.conf"), """
            [containers]
            # Podman's default limits (nofile 1048576) exceed the hard limits of many CI machines, where root may not raise them.
            default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
            netns = "none"
            [engine]
            # crun refuses hybrid cgroup layouts.
            runtime = "runc"
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            """);
        Import();
    }

    public string CdiFolder { get; }

    /// <summary>The first executable of that name on PATH (or in /usr/sbin and /sbin), or null.</summary>
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin").Append("/sbin")
            .Select(folder => Path.Join(folder, tool))
            .FirstOrDefault(File.Exists);

    /// <summary><c>podman run --rm &lt;args&gt; IMAGE sh -c &lt;script&gt;</c>: exit code and output.</summary>
    public (int ExitCode, string Output) Run(IEnumerable<string> args, string script, bool debug = false) =>
        InNamespace([.. debug ? ["--log-level=debug"] : Array.Empty<string>(), "run", "--rm", .. args, Image, "sh", "-c", script]);

    /// <summary>Like <see cref="Run"/>, failing with podman's debug log (the only place CDI errors are explained) when it fails.</summary>
    public string RunOrExplain(IEnumerable<string> args, string script)
    {
        var (code, output) = Run(args, script);
        if (code == 0)
        {
            return output;
        }

        var (_, debug) = Run(args, script, debug: true);
        var reasons = debug.Split('\n').Where(l => l.Contains("CDI", StringComparison.Ordinal) || l.Contains("level=error", StringComparison.Ordinal));
        throw new InvalidOperationException($"podman run exited with {code}:\n{output}\nDebug lines about CDI:\n{string.Join('\n', reasons)}");
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// Writes an executable named <c>podman</c> into <paramref name="folder"/> that runs this podman
    /// (its store, its containers.conf, the CDI folder on /run/cdi) with the arguments it is given:
    /// the podman a program under test runs by path.
    /// </summary>
    /// <returns>The executable's path.</returns>
    public string WriteCommand(string folder)
    {
        var inner = _folder.Combine("podman-in-namespace.sh");
        File.WriteAllText(inner, $"{NamespaceScript([])} \"$@\"\n");
        var command = Path.Join(folder, "podman");
        File.WriteAllText(command, $"#!/bin/sh\nexec unshare --mount --propagation private sh {Quote(inner)} \"$@\"\n");
        File.SetUnixFileMode(command, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return command;
    }

    private (int ExitCode, string Output) InNamespace(IReadOnlyList<string> podmanArgs) =>
        Tool.TryRun("unshare", ["--mount", "--propagation", "private", "sh", "-c", NamespaceScript(podmanArgs)]);

    private string NamespaceScript(IReadOnlyList<string> podmanArgs)
    {
        var podman = string.Join(' ', new[] { "podman", "--root", _folder.Combine("store"), "--runroot", _folder.Combine("run"), "--storage-driver", "vfs" }.Concat(podmanArgs).Select(Quote));
        return $"mount -t tmpfs tmpfs /run && mkdir /run/cdi && mount --bind {Quote(CdiFolder)} /run/cdi && CONTAINERS_CONF={Quote(_folder.Combine("containers.conf"))} exec {podman}";
    }

    private void Import()
    {
        var rootfs = _folder.Combine("rootfs");
        foreach (var folder in new[] { "bin", "sbin", "dev", "proc", "sys", "tmp", "etc" })
        {
            Directory.CreateDirectory(Path.Join(rootfs, folder));
        }

        File.Copy(Busybox, Path.Join(rootfs, "bin/busybox"));
        foreach (var applet in Tool.Run(Busybox, "--list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(a => a != "busybox"))
        {
            File.CreateSymbolicLink(Path.Join(rootfs, "bin", applet), "busybox");
        }

        // Debian's ldconfig is static: it runs in an image without a C library and reads its ld.so.cache.
        File.Copy("/sbin/ldconfig", Path.Join(rootfs, "sbin/ldconfig"));
        Tool.Run("tar", "-C", rootfs, "-cf", _folder.Combine("image.tar"), ".");
        var (code, output) = InNamespace(["import", "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", _folder.Combine("image.tar"), Image]);
        if (code != 0)
        {
            throw new InvalidOperationException($"podman import exited with {code}:\n{output}");
        }
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
