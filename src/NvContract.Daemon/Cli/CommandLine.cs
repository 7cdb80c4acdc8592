namespace NvContract.Daemon.Cli;

/// <summary>
/// Parses flags the way v1's Go <c>flag</c> package did: one or two dashes, <c>-name value</c> or
/// <c>-name=value</c>, <c>-v</c> as a bool (also <c>-v=false</c>), <c>--</c> ends the flags.
/// A bad flag prints Go's message and the usage and exits 2; so does <c>-h</c>, as in v1
/// (docs/v1-compatibility.md §1.1).
/// </summary>
public static class CommandLine
{
    private enum Kind { Text, Bool, OptionalText }

    private sealed record Flag(string Name, Kind Kind, string Usage, Func<DaemonOptions, string, DaemonOptions>? Apply, string? Default = null);

    // Sorted by name: Go prints the usage in this order.
    private static readonly Flag[] Flags =
    [
        new("auth-token-file", Kind.Text, "Require a bearer token from this file (one per line, # comments) on every request but /health", (o, v) => o with { AuthTokenFile = v }),
        new("cdi-dir", Kind.Text, "CDI folder the daemon keeps its spec in, current with the driver and devices (empty: write none)", (o, v) => o with { CdiDir = v }, new DaemonOptions().CdiDir),
        new("cdi-generate", Kind.Text, "Write the CDI spec to this file (- for stdout) and exit, for hosts that do not run the daemon", (o, v) => o with { CdiGenerate = v }),
        new("cdi-kind", Kind.Text, "CDI kind of the spec, vendor/class", (o, v) => o with { CdiKind = Core.Cdi.CdiKind.Parse(v) }, Core.Cdi.CdiKind.Default.ToString()),
        new("cdi-version", Kind.Text, $"cdiVersion the spec declares (default: the lowest its fields need; podman 4.3 reads up to 0.5.0): {string.Join(", ", Core.Cdi.CdiVersion.Known)}", (o, v) => o with { CdiVersion = Core.Cdi.CdiVersion.Parse(v) }),
        new("d", Kind.Text, "Path where to store the volumes", (o, v) => o with { VolumesDir = v }, new DaemonOptions().VolumesDir),
        new("device-plugin-allocation", Kind.Text, "How the Kubernetes device plugin hands containers their GPUs: cdi (CDI device names, Kubernetes 1.29+) or legacy (device nodes, the driver volume and its environment)", (o, v) => o with { DevicePluginAllocation = DevicePluginFlags.ParseAllocation(v) }, "cdi"),
        new("device-plugin-dir", Kind.Text, "Serve the Kubernetes device plugin nvidia.com/gpu in this kubelet device-plugin folder (e.g. /var/lib/kubelet/device-plugins)", (o, v) => o with { DevicePluginDir = v }),
        new("dev-root", Kind.Text, "Root under which device nodes are checked", (o, v) => o with { DevRoot = v }, "/"),
        new("driver-root", Kind.Text, "Root under which driver files and etc/ld.so.cache are looked up", (o, v) => o with { DriverRoot = v }, "/"),
        new("health-policy", Kind.Text, "Xid policy file: rows xid,action[,description] that override the built-in table", (o, v) => o with { HealthPolicy = v }),
        new("health-quiet-period", Kind.Text, "How long without a new Xid clears what Xids asked for (0 never)", (o, v) => o with { HealthQuietPeriod = Durations.Parse(v, "health-quiet-period") }, "10m"),
        new("insecure-remote", Kind.Bool, "Serve plain HTTP beyond loopback without the warning", (o, v) => o with { InsecureRemote = bool.Parse(v) }),
        new("l", Kind.Text, "Server listen address", (o, v) => o with { ListenAddress = v }, new DaemonOptions().ListenAddress),
        new("metrics-naming", Kind.Text, "Names on /metrics: dcgm (dcgm-exporter's, for its dashboards) or prometheus (counters end in _total, model_name; passes promtool)", (o, v) => o with { MetricNaming = Core.Metrics.MetricNamings.Parse(v) }, "dcgm"),
        new("mig-strategy", Kind.Text, "How the Kubernetes device plugin advertises MIG devices: none (whole GPUs), single (MIG devices as nvidia.com/gpu) or mixed (nvidia.com/mig-<profile>, one resource per profile)", (o, v) => o with { MigStrategy = DevicePluginFlags.ParseMigStrategy(v) }, "none"),
        new("nvml-library", Kind.Text, "Load NVML from this file instead of libnvidia-ml.so.1", (o, v) => o with { NvmlLibrary = v }),
        new("proc-root", Kind.Text, "Root under which /proc is read (the containers of GPU processes)", (o, v) => o with { ProcRoot = v }, "/"),
        new("s", Kind.Text, "Path to the plugin socket", (o, v) => o with { SocketDir = v }, new DaemonOptions().SocketDir),
        new("simulate", Kind.OptionalText, $"Serve simulated GPUs instead of NVML: a built-in profile ({string.Join(", ", Core.Simulation.SimulationProfiles.BuiltIn)}) or a profile JSON file", (o, v) => o with { SimulationProfile = v }, Core.Simulation.SimulationProfiles.Default),
        new("status-max-age", Kind.Text, "How old a status sample shared by concurrent requests may be (e.g. 250ms, 1s; 0 reads the driver on every request)", (o, v) => o with { StatusMaxAge = Durations.Parse(v, "status-max-age") }, "250ms"),
        new("sys-root", Kind.Text, "Root under which /sys is read (NUMA nodes, the driver's kernel module version)", (o, v) => o with { SysRoot = v }, "/"),
        new("tls", Kind.Bool, "Serve the REST API over TLS (implied by -tlsverify)", (o, v) => o with { Tls = bool.Parse(v) }),
        new("tlscacert", Kind.Text, "Trust client certificates signed by this CA only (with -tlsverify)", (o, v) => o with { TlsCaCert = v }),
        new("tlscert", Kind.Text, "Path to the TLS certificate file", (o, v) => o with { TlsCert = v }),
        new("tlskey", Kind.Text, "Path to the TLS key file (mode 600)", (o, v) => o with { TlsKey = v }),
        new("tlsverify", Kind.Bool, "Use TLS and require client certificates signed by -tlscacert", (o, v) => o with { TlsVerify = bool.Parse(v) }),
        new("v", Kind.Bool, "Show the plugin version information", null),
    ];

    public static CommandLineResult Parse(IReadOnlyList<string> args, string programName, string version)
    {
        var options = new DaemonOptions();
        var showVersion = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                if (i + 1 < args.Count)
                {
                    return Bad($"unexpected argument: {args[i + 1]}", programName);
                }

                break;
            }

            if (arg.Length < 2 || arg[0] != '-' || (arg.Length == 2 && arg[1] == '-'))
            {
                return Bad($"unexpected argument: {arg}", programName);
            }

            var body = arg[(arg[1] == '-' ? 2 : 1)..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=')
            {
                return Bad($"bad flag syntax: {arg}", programName);
            }

            var eq = body.IndexOf('=');
            var name = eq < 0 ? body : body[..eq];
            string? value = eq < 0 ? null : body[(eq + 1)..];

            if (name is "h" or "help")
            {
                return CommandLineResult.Exit(2, stderr: Usage(programName));
            }

            var flag = Array.Find(Flags, f => f.Name == name);
            if (flag is null)
            {
                return Bad($"flag provided but not defined: -{name}", programName);
            }

            switch (flag.Kind)
            {
                case Kind.Bool:
                    var on = true;
                    if (value is not null && !bool.TryParse(value, out on))
                    {
                        return Bad($"invalid boolean value \"{value}\" for -{name}: parse error", programName);
                    }

                    if (flag.Apply is null)
                    {
                        showVersion = on;
                    }
                    else
                    {
                        options = flag.Apply(options, on ? "true" : "false");
                    }

                    break;
                case Kind.OptionalText:
                    // "--simulate" alone takes the default profile; a following word that is not a flag is the profile.
                    if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                    {
                        value = args[++i];
                    }

                    options = flag.Apply!(options, value ?? flag.Default!);
                    break;
                default:
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            return Bad($"flag needs an argument: -{name}", programName);
                        }

                        value = args[++i];
                    }

                    try
                    {
                        options = flag.Apply!(options, value);
                    }
                    catch (FormatException e)
                    {
                        return Bad(e.Message, programName);
                    }

                    break;
            }
        }

        return showVersion
            ? CommandLineResult.Exit(0, stdout: $"NVIDIA Docker plugin: {version}\n")
            : CommandLineResult.Run(options);
    }

    /// <summary>Go's usage text: v1's four flags, in the same form, with ours among them.</summary>
    public static string Usage(string programName)
    {
        var text = new System.Text.StringBuilder($"Usage of {programName}:\n");
        foreach (var flag in Flags)
        {
            var type = flag.Kind switch { Kind.Text => " string", Kind.OptionalText => " [profile]", _ => "" };
            var defaultText = flag.Default is null ? "" : $" (default \"{flag.Default}\")";

            // Go puts a bool flag with a one-letter name on the same line as its usage.
            text.Append(flag.Kind == Kind.Bool && flag.Name.Length == 1
                ? $"  -{flag.Name}\t{flag.Usage}\n"
                : $"  -{flag.Name}{type}\n    \t{flag.Usage}{defaultText}\n");
        }

        return text.ToString();
    }

    private static CommandLineResult Bad(string message, string programName) =>
        CommandLineResult.Exit(2, stderr: $"{message}\n{Usage(programName)}");
}
