namespace NvContract.Core.Docker;

/// <summary>
/// The host's NVIDIA device nodes under a device root (<c>--dev-root</c>, default <c>/</c>).
/// With the default root the arguments are v1's bare paths; under another root they become
/// <c>&lt;host path&gt;:&lt;container path&gt;</c> pairs, so the output works unchanged with <c>docker run</c>.
/// </summary>
public sealed class DeviceNodes(string devRoot)
{
    /// <summary>Always emitted, in this order (v1 lists both even when missing).</summary>
    private static readonly string[] RequiredControlDevices = ["/dev/nvidiactl", "/dev/nvidia-uvm"];

    /// <summary>Emitted only when present on the host.</summary>
    private const string UvmTools = "/dev/nvidia-uvm-tools";

    private readonly string _root = Path.GetFullPath(devRoot);

    public bool IsDefaultRoot => _root == "/";

    /// <summary>The host path of a container device path.</summary>
    public string HostPath(string devicePath) => IsDefaultRoot ? devicePath : Path.Join(_root, devicePath);

    /// <summary>The <c>--device</c> value for a device path.</summary>
    public string Argument(string devicePath) => IsDefaultRoot ? devicePath : $"{HostPath(devicePath)}:{devicePath}";

    public IEnumerable<string> ControlDevices() => ControlDevicePaths().Select(Argument);

    /// <summary>The control devices' container paths, in <see cref="ControlDevices"/>' order.</summary>
    public IEnumerable<string> ControlDevicePaths()
    {
        foreach (var path in RequiredControlDevices)
        {
            yield return path;
        }

        if (Exists(UvmTools))
        {
            yield return UvmTools;
        }
    }

    public bool Exists(string devicePath) => File.Exists(HostPath(devicePath)) || Directory.Exists(HostPath(devicePath));
}
