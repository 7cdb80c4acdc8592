namespace NvContract.Testing;

/// <summary>
/// A GPU host for a daemon run: a simulated-GPU profile file (a driver upgrade rewrites it), a fake
/// driver root with real ELF files and ld.so.cache, and a device root with stand-in nodes.
/// </summary>
public sealed class CdiTestHost : IDisposable
{
    private readonly TempFolder _folder = new();

    public CdiTestHost(string version = "375.26", bool deviceNodes = false)
    {
        Driver = FakeDriverRoot.WithDriver(version);
        Profile = _folder.Combine("host.json");
        WriteProfile(version);
        Directory.CreateDirectory(_folder.Combine("dev"));
        foreach (var node in new[] { "nvidia0", "nvidia1", "nvidiactl", "nvidia-uvm" })
        {
            var path = _folder.Combine($"dev/{node}");
            if (deviceNodes)
            {
                // Real character devices with /dev/null's numbers: a container can open them.
                Tool.Run("mknod", path, "c", "1", "3");
            }
            else
            {
                File.WriteAllText(path, string.Empty);
            }
        }
    }

    public FakeDriverRoot Driver { get; }

    public string Profile { get; }

    public string DevRoot => _folder.Path;

    /// <summary>The daemon flags that serve this host.</summary>
    public string[] Flags => ["--simulate", Profile, "--driver-root", Driver.Root, "--dev-root", DevRoot];

    /// <summary>What a driver installer does: new libraries, ldconfig, a new version reported.</summary>
    public void Upgrade(string version)
    {
        foreach (var old in Directory.EnumerateFiles(Driver.Host("/usr/lib"), "lib*.so.*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".so.1", StringComparison.Ordinal)))
        {
            File.Delete(old);
        }

        Driver.AddLibrary(FakeDriverRoot.Lib64, $"libcuda.so.{version}", "libcuda.so.1");
        Driver.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-ml.so.{version}", "libnvidia-ml.so.1");
        Driver.RunLdconfig();
        WriteProfile(version);
    }

    public void Dispose()
    {
        Driver.Dispose();
        _folder.Dispose();
    }

    private void WriteProfile(string driverVersion)
    {
        var previous = File.Exists(Profile) ? File.GetLastWriteTimeUtc(Profile) : DateTime.MinValue;
        File.WriteAllText(Profile, $$"""
            {
              "driverVersion": "{{driverVersion}}",
              "cudaVersion": "8.0",
              "models": { "k80": { "name": "Tesla K80", "computeCapability": "3.7", "multiprocessors": 13 } },
              "gpus": [
                { "model": "k80", "uuid": "GPU-6a1b2c3d", "minor": 0, "busId": "0000:05:00.0" },
                { "model": "k80", "uuid": "GPU-6a1b2c3e", "minor": 1, "busId": "0000:06:00.0" }
              ]
            }
            """);

        // Coarse file-system clocks could leave the stamp unchanged within one tick.
        File.SetLastWriteTimeUtc(Profile, previous > DateTime.UtcNow.AddSeconds(-1) ? previous.AddSeconds(1) : DateTime.UtcNow);
    }
}
