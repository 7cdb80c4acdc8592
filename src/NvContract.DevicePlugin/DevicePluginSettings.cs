namespace NvContract.DevicePlugin;

/// <summary>Where the device plugin serves, what it advertises and how it allocates.</summary>
public sealed record DevicePluginSettings
{
    /// <summary>The kubelet's device-plugin API version this plugin speaks.</summary>
    public const string ApiVersion = "v1beta1";

    /// <summary>The kubelet's socket in <see cref="Directory"/>.</summary>
    public const string KubeletSocketName = "kubelet.sock";

    /// <summary>The kubelet's device-plugin folder (Kubernetes: <c>/var/lib/kubelet/device-plugins</c>).</summary>
    public required string Directory { get; init; }

    /// <summary>The plugin's own socket in <see cref="Directory"/>, passed to the kubelet as the endpoint.</summary>
    public string SocketName { get; init; } = "nvidia-gpu.sock";

    /// <summary>The extended resource advertised.</summary>
    public string ResourceName { get; init; } = "nvidia.com/gpu";

    public AllocationForm Allocation { get; init; } = AllocationForm.Cdi;

    /// <summary>The CDI kind of the daemon's spec; a GPU's CDI device is <c>&lt;kind&gt;=&lt;UUID&gt;</c>.</summary>
    public string CdiKind { get; init; } = "nvidia.com/gpu";

    /// <summary>How MIG devices are advertised.</summary>
    public MigStrategy MigStrategy { get; init; } = MigStrategy.None;

    /// <summary>With <see cref="MigStrategy.Mixed"/>: the MIG profile this plugin advertises (its resource <c>nvidia.com/mig-&lt;profile&gt;</c>); null for the whole GPUs.</summary>
    public string? MigProfile { get; init; }

    /// <summary>Where <c>/proc</c> is read for the MIG capability table (<c>--proc-root</c>).</summary>
    public string ProcRoot { get; init; } = "/";

    public string SocketPath => Path.Join(Directory, SocketName);

    public string KubeletSocketPath => Path.Join(Directory, KubeletSocketName);
}
