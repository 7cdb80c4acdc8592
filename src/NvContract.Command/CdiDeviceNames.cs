using System.Text.RegularExpressions;
using NvContract.Client;

namespace NvContract.Command;

/// <summary>
/// The CDI names of the selected GPUs, <c>&lt;kind&gt;=&lt;UUID&gt;</c> with the kind
/// <c>nvidia.com/gpu</c> (<c>NV_CDI_KIND</c> names another, e.g. for a spec generated under its own vendor).
/// </summary>
internal static partial class CdiDeviceNames
{
    public const string DefaultKind = "nvidia.com/gpu";

    /// <summary>The device arguments, one <c>--device=</c> per selected GPU, in the order selected.</summary>
    /// <exception cref="CommandException">The kind is not <c>vendor/class</c> as CDI spells it.</exception>
    public static IReadOnlyList<string> Arguments(GpuInfo info, IReadOnlyList<int> selected, string? kind)
    {
        kind = string.IsNullOrEmpty(kind) ? DefaultKind : kind;
        if (!Kind().IsMatch(kind))
        {
            throw new CommandException($"NV_CDI_KIND={kind} is no CDI kind (vendor/class, e.g. {DefaultKind})");
        }

        return [.. selected.Select(index => $"--device={kind}={info.Devices[index].UUID}")];
    }

    // CDI's rules: a vendor of domain-name labels, a class of letters, digits, '-', '_' and '.'.
    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?/[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")]
    private static partial Regex Kind();
}
