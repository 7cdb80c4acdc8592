namespace NvContract.Daemon.Logging;

/// <summary>The name the daemon was started as: v1 printed argv[0] verbatim in logs and usage.</summary>
public static class ProgramName
{
    public const string Default = "nvidia-docker-plugin";

    public static string Current { get; } = Read();

    private static string Read()
    {
        try
        {
            // /proc/self/cmdline keeps argv[0] as typed; .NET only offers the resolved path.
            var cmdline = File.ReadAllText("/proc/self/cmdline");
            var argv0 = cmdline.Split('\0')[0];
            var name = Path.GetFileName(argv0);
            return name is "dotnet" or "" ? Default : argv0;
        }
        catch (IOException)
        {
            return Default;
        }
        catch (UnauthorizedAccessException)
        {
            return Default;
        }
    }
}
