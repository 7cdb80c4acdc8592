namespace NvContract.Daemon.Cli;

/// <summary>What the command line asked for; defaults are v1's.</summary>
public sealed record DaemonOptions
{
    /// <summary><c>-d</c>: where volumes are stored.</summary>
    public string VolumesDir { get; init; } = "/var/lib/nvidia-docker/volumes";

    /// <summary><c>-l</c>: the REST API's listen address (<c>host:port</c>, <c>:port</c> or <c>unix:PATH</c>).</summary>
    public string ListenAddress { get; init; } = "localhost:3476";

    /// <summary><c>-s</c>: the folder of the plugin socket <c>nvidia-docker.sock</c>.</summary>
    public string SocketDir { get; init; } = "/run/docker/plugins";

    /// <summary><c>--nvml-library</c>: an explicit libnvidia-ml.so.1 instead of the loader's.</summary>
    public string? NvmlLibrary { get; init; }

    /// <summary><c>--driver-root</c>: where driver files and etc/ld.so.cache are looked up.</summary>
    public string DriverRoot { get; init; } = "/";

    /// <summary><c>--sys-root</c>: where /sys is read (NUMA nodes, the driver's kernel module version).</summary>
    public string SysRoot { get; init; } = "/";

    /// <summary><c>--dev-root</c>: where device nodes are checked.</summary>
    public string DevRoot { get; init; } = "/";

    /// <summary><c>--status-max-age</c>: how old a shared status sample may be; zero reads live on every request.</summary>
    public TimeSpan StatusMaxAge { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary><c>--simulate</c>: a built-in profile name or a profile file; null runs on NVML.</summary>
    public string? SimulationProfile { get; init; }

    /// <summary><c>--health-policy</c>: an Xid policy file whose rows override the built-in table; null for the table alone.</summary>
    public string? HealthPolicy { get; init; }

    /// <summary><c>--health-quiet-period</c>: how long without a new Xid clears what Xids asked for; zero never does.</summary>
    public TimeSpan HealthQuietPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>--metrics-naming</c>: dcgm-exporter's names on /metrics, or Prometheus' naming rules.</summary>
    public Core.Metrics.MetricNaming MetricNaming { get; init; } = Core.Metrics.MetricNaming.Dcgm;

    /// <summary><c>--proc-root</c>: where /proc is read to find the containers of GPU processes.</summary>
    public string ProcRoot { get; init; } = "/";

    /// <summary><c>--device-plugin-dir</c>: the kubelet's device-plugin folder; null serves no device plugin.</summary>
    public string? DevicePluginDir { get; init; }

    /// <summary><c>--device-plugin-allocation</c>: how the device plugin hands containers their GPUs.</summary>
    public DevicePlugin.AllocationForm DevicePluginAllocation { get; init; } = DevicePlugin.AllocationForm.Cdi;

    /// <summary><c>--cdi-dir</c>: the CDI folder the daemon keeps its spec in; empty writes none.</summary>
    public string CdiDir { get; init; } = "/var/run/cdi";

    /// <summary><c>--cdi-kind</c>: the kind the spec defines.</summary>
    public Core.Cdi.CdiKind CdiKind { get; init; } = Core.Cdi.CdiKind.Default;

    /// <summary><c>--cdi-version</c>: the cdiVersion to declare; null declares the lowest the spec needs.</summary>
    public string? CdiVersion { get; init; }

    /// <summary><c>--cdi-generate</c>: write the spec to this file (<c>-</c>: stdout) and exit instead of serving.</summary>
    public string? CdiGenerate { get; init; }

    /// <summary><c>--mig-strategy</c>: how the device plugin advertises MIG devices.</summary>
    public DevicePlugin.MigStrategy MigStrategy { get; init; } = DevicePlugin.MigStrategy.None;

    /// <summary><c>--tls</c>: serve the REST API over TLS (implied by <see cref="TlsVerify"/>).</summary>
    public bool Tls { get; init; }

    /// <summary><c>--tlsverify</c>: TLS, and require a client certificate signed by <see cref="TlsCaCert"/>.</summary>
    public bool TlsVerify { get; init; }

    /// <summary><c>--tlscacert</c>: the CA (PEM) that client certificates must chain to.</summary>
    public string? TlsCaCert { get; init; }

    /// <summary><c>--tlscert</c>: the server certificate (PEM), intermediates after it.</summary>
    public string? TlsCert { get; init; }

    /// <summary><c>--tlskey</c>: the server certificate's private key (PEM), readable by its owner only.</summary>
    public string? TlsKey { get; init; }

    /// <summary><c>--auth-token-file</c>: bearer tokens, one per line; null asks for none.</summary>
    public string? AuthTokenFile { get; init; }

    /// <summary><c>--insecure-remote</c>: serve plain HTTP beyond loopback without the start-up warning.</summary>
    public bool InsecureRemote { get; init; }
}
