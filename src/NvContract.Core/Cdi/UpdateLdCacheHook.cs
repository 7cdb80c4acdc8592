using System.Diagnostics;
using System.Text.Json;

namespace NvContract.Core.Cdi;

/// <summary>
/// The <c>createContainer</c> hook that makes the driver's libraries loadable in a container whose
/// image sets no <c>LD_LIBRARY_PATH</c>: it adds the library folders to the container's
/// <c>/etc/ld.so.cache</c> (what <c>nvidia-ctk</c>'s <c>update-ldcache</c> does). The runtime
/// passes the container's state (OCI runtime spec, "State") on stdin; its bundle's
/// <c>config.json</c> names the root file system, which the runtime has mounted with the spec's
/// bind mounts by then. The host's own <c>ldconfig</c> does the work with <c>-r &lt;root&gt;</c>:
/// it chroots before it reads anything, so nothing of the image runs on the host and no link in
/// the image leads out of it.
/// </summary>
/// <remarks>
/// A cache that cannot be written (a read-only root, an image without <c>/etc</c>) does not stop
/// the container: the libraries are mounted either way, reachable through <c>LD_LIBRARY_PATH</c>
/// as in CUDA images. Only a call that is not a runtime's (no state, no bundle) fails.
/// </remarks>
public static class UpdateLdCacheHook
{
    /// <summary>The words that select this hook on the command line.</summary>
    public static IReadOnlyList<string> Command { get; } = ["cdi-hook", "update-ldcache"];

    /// <summary>Where the host's ldconfig is looked for; Ubuntu's <c>/sbin/ldconfig</c> is a script around <c>ldconfig.real</c>.</summary>
    public static IReadOnlyList<string> LdconfigCandidates { get; } = ["/sbin/ldconfig.real", "/sbin/ldconfig", "/usr/sbin/ldconfig"];

    /// <summary>The hook as the spec names it: <paramref name="command"/>, then this hook with one <c>--folder</c> per folder.</summary>
    public static CdiHook Describe(CdiHookCommand command, IEnumerable<string> folders) =>
        new("createContainer", command.Path, [.. command.Args, .. Command, .. folders.SelectMany(f => new[] { "--folder", f })]);

    /// <summary>Runs the hook: <paramref name="args"/> are what follows <see cref="Command"/>.</summary>
    /// <returns>The exit code: 0, 1 when the state cannot be read, 2 for bad arguments.</returns>
    public static int Run(IReadOnlyList<string> args, TextReader stdin, TextWriter stderr, IReadOnlyList<string>? ldconfigCandidates = null)
    {
        var folders = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--folder" && i + 1 < args.Count && args[i + 1].StartsWith('/'))
            {
                folders.Add(args[++i]);
                continue;
            }

            stderr.WriteLine($"update-ldcache: unexpected argument: {args[i]} (usage: {string.Join(' ', Command)} --folder /absolute/dir ...)");
            return 2;
        }

        string root;
        try
        {
            root = ContainerRoot(stdin.ReadToEnd());
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            stderr.WriteLine($"update-ldcache: failed to read the container state: {e.Message}");
            return 1;
        }

        var ldconfig = (ldconfigCandidates ?? LdconfigCandidates).FirstOrDefault(File.Exists);
        if (ldconfig is null)
        {
            stderr.WriteLine($"update-ldcache: no ldconfig on the host ({string.Join(", ", ldconfigCandidates ?? LdconfigCandidates)}); the container's ld.so.cache is left as it is");
            return 0;
        }

        try
        {
            var (code, output) = RunLdconfig(ldconfig, ["-r", root, .. folders]);
            if (code != 0)
            {
                stderr.WriteLine($"update-ldcache: {ldconfig} -r {root} exited with {code}; the container's ld.so.cache is left as it is: {output.Trim()}");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            stderr.WriteLine($"update-ldcache: failed to run {ldconfig}: {e.Message}; the container's ld.so.cache is left as it is");
        }

        return 0;
    }

    /// <summary>The host path of the container's root: <c>root.path</c> of the bundle's config.json, relative to the bundle unless absolute.</summary>
    private static string ContainerRoot(string stateJson)
    {
        using var state = JsonDocument.Parse(stateJson);
        var bundle = state.RootElement.TryGetProperty("bundle", out var b) && b.ValueKind == JsonValueKind.String && b.GetString() is { Length: > 0 } text && text.StartsWith('/')
            ? text
            : throw new InvalidDataException("the state names no absolute bundle path");
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Join(bundle, "config.json")));
        var root = config.RootElement.TryGetProperty("root", out var r) && r.ValueKind == JsonValueKind.Object
            && r.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } path
            ? path
            : throw new InvalidDataException($"{bundle}/config.json names no root path");
        return Path.GetFullPath(root, bundle);
    }

    private static (int Code, string Output) RunLdconfig(string ldconfig, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(ldconfig) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
