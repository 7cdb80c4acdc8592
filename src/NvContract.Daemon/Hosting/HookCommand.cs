using NvContract.Core.Cdi;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// <c>nvidia-docker-plugin cdi-hook &lt;hook&gt; …</c>: the OCI hooks the CDI spec names, run by the
/// container runtime with the container's state on stdin, and how the spec names this executable.
/// </summary>
public static class HookCommand
{
    public const string Name = "cdi-hook";

    /// <summary>Whether the command line asks for a hook rather than the daemon.</summary>
    public static bool IsHook(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Name;

    /// <summary>Runs the hook <c>args[1]</c>. A hook this build does not know only warns and exits 0, so a spec written by a newer build never stops containers.</summary>
    public static int Run(IReadOnlyList<string> args, TextReader stdin, TextWriter stderr)
    {
        if (args.Count > 1 && args[1] == UpdateLdCacheHook.Command[1])
        {
            return UpdateLdCacheHook.Run(args.Skip(2).ToList(), stdin, stderr);
        }

        stderr.WriteLine($"{Name}: unknown hook {(args.Count > 1 ? args[1] : "(none)")}, ignored (known: {UpdateLdCacheHook.Command[1]})");
        return 0;
    }

    /// <summary>
    /// This executable as a hook: its real path (a runtime fails every container with exit 127 when
    /// a hook's path does not exist), so the installed <c>/usr/bin/nvidia-docker-plugin</c> and a
    /// development build both work; a managed build run by <c>dotnet</c> also names its assembly.
    /// Null when the process cannot tell its own path.
    /// </summary>
    public static CdiHookCommand? OfThisExecutable()
    {
        if (Environment.ProcessPath is not { } process)
        {
            return null;
        }

        var real = File.ResolveLinkTarget(process, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(process);
        if (Path.GetFileName(real) == "dotnet")
        {
            var assembly = Path.Join(AppContext.BaseDirectory, typeof(HookCommand).Assembly.GetName().Name + ".dll");
            return new CdiHookCommand(real, ["dotnet", assembly]);
        }

        return new CdiHookCommand(real, [Path.GetFileName(real)]);
    }
}
