using System.Text.RegularExpressions;
using NvContract.Client;

namespace NvContract.Command;

/// <summary>
/// The CDI names of the selected GPUs and MIG devices, <c>&lt;kind&gt;=&lt;UUID&gt;</c> with the kind
/// <c>nvidia.com/gpu</c> (<c>NV_CDI_KIND</c> names another, e.g. for a spec generated under its own vendor).
/// </summary>
internal static partial class CdiDeviceNames
{
    public const string DefaultKind = "nvidia.com/gpu";

    /// <summary>The device arguments, one <c>--device=</c> per selected GPU, in the order selected.</summary>
    /// <exception cref="CommandException">The kind is not <c>vendor/class</c> as CDI spells it.</exception>
    public static IReadOnlyList<string> Arguments(GpuInfo info, IReadOnlyList<int> selected, string? kind) =>
        Arguments([.. selected.Select(index => info.Devices[index].UUID)], kind);

    /// <summary>The device arguments, one <c>--device=</c> per spec device name, in the order given.</summary>
    /// <exception cref="CommandException">The kind is not <c>vendor/class</c> as CDI spells it.</exception>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> names, string? kind)
    {
        kind = string.IsNullOrEmpty(kind) ? DefaultKind : kind;
        if (!Kind().IsMatch(kind))
        {
            throw new CommandException($"NV_CDI_KIND={kind} is no CDI kind (vendor/class, e.g. {DefaultKind})");
        }

        return [.. names.Select(name => $"--device={kind}={name}")];
    }

    /// <summary>
    /// The device names in the daemon's <c>/v1.1/docker/cli</c> line, <c>--device=&lt;kind&gt;=&lt;name&gt;</c>
    /// each (a kind has no <c>=</c>, a name neither).
    /// </summary>
    /// <exception cref="CommandException">The line holds something else.</exception>
    public static IReadOnlyList<string> FromDaemon(string line) =>
        [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(argument =>
            argument.StartsWith("--device=", StringComparison.Ordinal) && argument.Split('=') is [_, _, { Length: > 0 } name]
                ? name
                : throw new CommandException($"nvidia-docker-plugin answered an argument that is no CDI device: {argument}"))];

    // CDI's rules: a vendor of domain-name labels, a class of letters, digits, '-', '_' and '.'.
    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?/[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")]
    private static partial Regex Kind();
}
