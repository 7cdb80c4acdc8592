namespace NvContract.Testing;

/// <summary>
/// A GPU host for a daemon run: a simulated-GPU profile file (a driver upgrade rewrites it), a fake
/// driver root with real ELF files and ld.so.cache, and a device root with stand-in nodes. With
/// <c>mig</c>, GPU 0 is in MIG mode with two MIG devices (GPU instances 3 and 5, compute instance 0),
/// whose access nodes and mig-minors (under <see cref="ProcRoot"/>) stand in for the driver's.
/// </summary>
public sealed class CdiTestHost : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly bool _mig;

    public CdiTestHost(string version = "375.26", bool deviceNodes = false, bool mig = false)
    {
        _mig = mig;
        Driver = FakeDriverRoot.WithDriver(version);
        Profile = _folder.Combine("host.json");
        WriteProfile(version);
        Directory.CreateDirectory(_folder.Combine("dev"));
        foreach (var node in new[] { "nvidia0", "nvidia1", "nvidiactl", "nvidia-uvm" })
        {
            MakeNode(_folder.Combine($"dev/{node}"), deviceNodes);
        }

        if (mig)
        {
            using var gpus = Core.Simulation.SimulatedGpuSource.Open(Profile);
            MigDevices = gpus.MigDevices;
            MigStandIns.Write(MigDevices, ProcRoot, DevRoot, path => MakeNode(path, deviceNodes));
        }
    }

    /// <summary>The MIG devices of the profile; empty without <c>mig</c>.</summary>
    public IReadOnlyList<Core.Mig.MigDevice> MigDevices { get; } = [];

    /// <summary>The <c>--proc-root</c>, holding the stand-in mig-minors.</summary>
    public string ProcRoot => _folder.Combine("proc");

    public FakeDriverRoot Driver { get; }

    public string Profile { get; }

    public string DevRoot => _folder.Path;

    /// <summary>The daemon flags that serve this host.</summary>
    public string[] Flags => ["--simulate", Profile, "--driver-root", Driver.Root, "--dev-root", DevRoot, .. _mig ? ["--proc-root", ProcRoot] : Array.Empty<string>()];

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

    // GPU 0's MIG mode and layout in the profile.
    private string Mig => _mig
        ? """
            , "migEnabled": true, "mig": [
                { "gpuInstance": 3, "computeInstance": 0, "profile": "1g.10gb", "uuid": "MIG-1b2c3d4e-0000-5000-8000-000000000003" },
                { "gpuInstance": 5, "computeInstance": 0, "profile": "1g.10gb", "uuid": "MIG-1b2c3d4e-0000-5000-8000-000000000005" } ]
            """
        : string.Empty;

    public void Dispose()
    {
        Driver.Dispose();
        _folder.Dispose();
    }

    private static void MakeNode(string path, bool deviceNode)
    {
        if (deviceNode)
        {
            // Real character devices with /dev/null's numbers: a container can open them.
            Tool.Run("mknod", path, "c", "1", "3");
        }
        else
        {
            File.WriteAllText(path, string.Empty);
        }
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
                { "model": "k80", "uuid": "GPU-6a1b2c3d", "minor": 0, "busId": "0000:05:00.0"{{Mig}} },
                { "model": "k80", "uuid": "GPU-6a1b2c3e", "minor": 1, "busId": "0000:06:00.0" }
              ]
            }
            """);

        // Coarse file-system clocks could leave the stamp unchanged within one tick.
        File.SetLastWriteTimeUtc(Profile, previous > DateTime.UtcNow.AddSeconds(-1) ? previous.AddSeconds(1) : DateTime.UtcNow);
    }
}
