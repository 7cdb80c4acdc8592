namespace NvContract.CdiGenerate;

/// <summary>
/// Parses <c>[flags] FILE|-</c>. The flags are the daemon's that shape its spec, spelled as the
/// daemon spells them (one or two dashes, <c>-name value</c> or <c>-name=value</c>). The last
/// argument is always the target, so <c>--simulate</c> right before it takes the default profile.
/// </summary>
internal static class GenerateCommandLine
{
    private enum Kind { Text, OptionalText }

    private sealed record Flag(string Name, Kind Kind, Func<string> Usage, Func<GenerateOptions, string, GenerateOptions> Apply, string? Default = null);

    // Sorted by name, as the daemon's usage lists them. Usage texts are made only for --help:
    // listing the built-in profiles reads the assembly's resources, which a run need not pay for.
    private static readonly Flag[] Flags =
    [
        new("cdi-kind", Kind.Text, () => "CDI kind of the spec, vendor/class", (o, v) => o with { CdiKind = CdiKind.Parse(v) }, CdiKind.Default.ToString()),
        new("cdi-version", Kind.Text, () => $"cdiVersion the spec declares (default: the lowest its fields need; podman 4.3 reads up to 0.5.0): {string.Join(", ", CdiVersion.Known)}", (o, v) => o with { CdiVersion = CdiVersion.Parse(v) }),
        new("dev-root", Kind.Text, () => "Root under which device nodes are checked", (o, v) => o with { DevRoot = v }, "/"),
        new("driver-root", Kind.Text, () => "Root under which driver files and etc/ld.so.cache are looked up", (o, v) => o with { DriverRoot = v }, "/"),
        new("nvml-library", Kind.Text, () => "Load NVML from this file instead of libnvidia-ml.so.1", (o, v) => o with { NvmlLibrary = v }),
        new("proc-root", Kind.Text, () => "Root under which /proc is read (the driver's MIG capability table)", (o, v) => o with { ProcRoot = v }, "/"),
        new("simulate", Kind.OptionalText, () => $"Describe simulated GPUs instead of NVML's: a built-in profile ({string.Join(", ", SimulationProfiles.BuiltIn)}) or a profile JSON file", (o, v) => o with { SimulationProfile = v }, SimulationProfiles.Default),
        new("sys-root", Kind.Text, () => "Root under which /sys is read (accepted as the daemon takes it; the spec reads nothing there)", (o, v) => o with { SysRoot = v }, "/"),
    ];

    /// <summary>The options, or what to print and the exit code (0 for help and version, 2 for a bad command line).</summary>
    public static (GenerateOptions? Options, string? Stdout, string? Error, int ExitCode) Parse(IReadOnlyList<string> args, string programName, Func<string> version)
    {
        if (args.Any(a => a is "-h" or "-help" or "--help"))
        {
            return (null, Usage(programName), null, 0);
        }

        if (args.Any(a => a is "-v" or "--version"))
        {
            return (null, $"{programName} {version()}\n", null, 0);
        }

        if (args.Count == 0 || (args[^1].StartsWith('-') && args[^1] != GenerateCommand.Stdout))
        {
            return Bad("missing FILE (or - for stdout) as the last argument");
        }

        var options = new GenerateOptions { Target = args[^1] };
        var flags = args.Count - 1;
        for (var i = 0; i < flags; i++)
        {
            var arg = args[i];
            if (arg.Length < 2 || arg[0] != '-' || arg == "--")
            {
                return Bad($"unexpected argument: {arg} (the target comes last, once)");
            }

            var body = arg[(arg[1] == '-' ? 2 : 1)..];
            var eq = body.IndexOf('=');
            var name = eq < 0 ? body : body[..eq];
            string? value = eq < 0 ? null : body[(eq + 1)..];

            var flag = Array.Find(Flags, f => f.Name == name);
            if (flag is null)
            {
                return Bad($"flag provided but not defined: -{name}");
            }

            if (value is null && flag.Kind == Kind.OptionalText)
            {
                value = i + 1 < flags && !args[i + 1].StartsWith('-') ? args[++i] : flag.Default;
            }
            else if (value is null)
            {
                if (i + 1 >= flags)
                {
                    return Bad($"flag needs an argument: -{name} (the last argument, {options.Target}, is the target)");
                }

                value = args[++i];
            }

            try
            {
                options = flag.Apply(options, value!);
            }
            catch (FormatException e)
            {
                return Bad(e.Message);
            }
        }

        return (options, null, null, 0);

        (GenerateOptions?, string?, string?, int) Bad(string message) => (null, null, $"{message} (see {programName} --help)", 2);
    }

    /// <summary>The help text: what the command does, then its flags in the daemon's form.</summary>
    public static string Usage(string programName)
    {
        var text = new System.Text.StringBuilder(
            $"""
            Usage: {programName} [flags] FILE|-

            Writes the CDI spec that nvidia-docker-plugin keeps in --cdi-dir to FILE (atomically,
            mode 0644), or prints it with -, and exits: for hosts that do not run the daemon. The
            spec is not kept current: run it again after a driver upgrade or a MIG change.
            Exit codes: 0 written, 1 not written (the error says why), 2 bad command line.

            Flags:

            """);
        foreach (var flag in Flags)
        {
            var type = flag.Kind == Kind.Text ? " string" : " [profile]";
            var defaultText = flag.Default is null ? "" : $" (default \"{flag.Default}\")";
            text.Append($"  -{flag.Name}{type}\n    \t{flag.Usage()}{defaultText}\n");
        }

        return text.ToString();
    }
}
