namespace NvContract.Testing;

/// <summary>
/// The one <c>nvidia-docker</c> volume plugin registration a host has
/// (<c>/etc/docker/plugins/nvidia-docker.spec</c>), shared by every test assembly that drives a real
/// Docker engine: test assemblies run in parallel, so a fixture holds this host-wide lock from before
/// it writes the spec until after it removed it.
/// </summary>
public sealed class DockerPluginRegistration : IDisposable
{
    public const string SpecFile = "/etc/docker/plugins/nvidia-docker.spec";
    private static readonly string LockFile = Path.Join(Path.GetTempPath(), "nvcontract-docker-plugin.lock");
    private readonly FileStream _lock;

    private DockerPluginRegistration(FileStream held) => _lock = held;

    /// <summary>The plugin socket the tests register for the engine at <paramref name="engineHost"/> (<c>unix:///…/docker.sock</c>), next to its socket.</summary>
    public static string SocketDirectory(string engineHost) =>
        Path.Join(Path.GetDirectoryName(engineHost["unix://".Length..]), "nvidia-docker-plugin");

    /// <summary>
    /// True when <see cref="SpecFile"/> is a registration of the tests (another test assembly's, or
    /// one a killed test run left), not a plugin installed on this host.
    /// </summary>
    public static bool IsTestRegistration(string engineHost)
    {
        try
        {
            return File.ReadAllText(SpecFile).Trim() == $"unix://{SocketDirectory(engineHost)}/nvidia-docker.sock";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until no other test process holds the registration.</summary>
    public static async Task<DockerPluginRegistration> AcquireAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock(2) on Linux, released when the holder exits.
                return new DockerPluginRegistration(new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}
