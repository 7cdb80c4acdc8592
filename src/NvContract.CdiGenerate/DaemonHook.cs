namespace NvContract.CdiGenerate;

/// <summary>
/// The hook the spec names: <c>nvidia-docker-plugin cdi-hook update-ldcache</c>, run from the
/// daemon installed next to this executable, exactly as the daemon's own spec names it (its real
/// path), so the two specs are the same bytes. A managed build run by <c>dotnet</c> names the
/// daemon's assembly next to its own, as the daemon then does.
/// </summary>
internal static class DaemonHook
{
    public const string DaemonName = "nvidia-docker-plugin";

    /// <summary>The daemon next to this executable as a hook, or null (with where it was looked for) when it is not there.</summary>
    public static (CdiHookCommand? Hook, string Expected) Find()
    {
        var process = Environment.ProcessPath ?? throw new CdiOneShotException("cannot tell the path of this executable, to find nvidia-docker-plugin next to it");
        var real = File.ResolveLinkTarget(process, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(process);
        if (Path.GetFileName(real) == "dotnet")
        {
            var assembly = Path.Join(AppContext.BaseDirectory, DaemonName + ".dll");
            return (File.Exists(assembly) ? new CdiHookCommand(real, ["dotnet", assembly]) : null, assembly);
        }

        var daemon = Path.Join(Path.GetDirectoryName(real), DaemonName);
        if (!File.Exists(daemon))
        {
            return (null, daemon);
        }

        // The daemon names its own real path.
        var daemonReal = File.ResolveLinkTarget(daemon, returnFinalTarget: true)?.FullName ?? daemon;
        return (new CdiHookCommand(daemonReal, [Path.GetFileName(daemonReal)]), daemon);
    }
}
