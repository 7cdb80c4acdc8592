namespace NvContract.Core.Cdi;

/// <summary>
/// The <c>cdiVersion</c> a spec declares: the lowest one that defines every field the spec uses,
/// or a version the operator pins (<c>--cdi-version</c>). Older runtimes parse strictly and know
/// only the versions up to theirs (podman 4.3 reads 0.5.0 at most), so a spec never declares more
/// than its fields need unless asked to. The rules follow the CDI library's own minimum-version
/// check (specs-go/version.go).
/// </summary>
public static class CdiVersion
{
    /// <summary>The versions of the CDI specification, oldest first; 0.3.0 is the first that libraries still accept.</summary>
    public static IReadOnlyList<string> Known { get; } = ["0.3.0", "0.4.0", "0.5.0", "0.6.0", "0.7.0", "0.8.0", "1.0.0", "1.1.0"];

    /// <summary>The lowest version that can carry <paramref name="spec"/>, with the reasons for it (none at 0.3.0).</summary>
    public static (string Version, IReadOnlyList<string> Reasons) Minimum(CdiSpec spec)
    {
        var reasons = new List<(string Version, string Reason)>();
        if (spec.Kind.Split('/') is [_, var kindClass] && kindClass.Contains('.'))
        {
            reasons.Add(("0.6.0", $"a '.' in the class of kind {spec.Kind}"));
        }

        if (spec.Devices.FirstOrDefault(d => d.Name.Length > 0 && char.IsAsciiDigit(d.Name[0])) is { } numbered)
        {
            reasons.Add(("0.5.0", $"device names that start with a digit ({numbered.Name})"));
        }

        var edits = spec.Devices.Select(d => d.ContainerEdits).Append(spec.ContainerEdits).OfType<CdiContainerEdits>().ToList();
        if (edits.SelectMany(e => e.DeviceNodes ?? []).FirstOrDefault(n => n.HostPath is not null) is { } node)
        {
            reasons.Add(("0.5.0", $"device nodes with a hostPath ({node.HostPath})"));
        }

        if (reasons.Count == 0)
        {
            return (Known[0], []);
        }

        var version = reasons.Select(r => r.Version).MaxBy(IndexOf)!;
        return (version, reasons.Where(r => r.Version == version).Select(r => r.Reason).ToList());
    }

    /// <summary>
    /// The version to declare: the minimum, or <paramref name="pinned"/> when given.
    /// </summary>
    /// <exception cref="CdiVersionException">The spec needs fields above the pinned version.</exception>
    public static string Choose(CdiSpec spec, string? pinned)
    {
        var (minimum, reasons) = Minimum(spec);
        if (pinned is null)
        {
            return minimum;
        }

        if (IndexOf(pinned) < IndexOf(minimum))
        {
            throw new CdiVersionException(
                $"the CDI spec needs cdiVersion {minimum} for {string.Join(" and ", reasons)}, above --cdi-version {pinned}");
        }

        return pinned;
    }

    /// <summary>Reads a <c>--cdi-version</c> value: a known version, with or without a leading <c>v</c>.</summary>
    /// <exception cref="FormatException">Not a known version.</exception>
    public static string Parse(string text)
    {
        var version = text.StartsWith('v') ? text[1..] : text;
        return Known.Contains(version)
            ? version
            : throw new FormatException($"invalid value \"{text}\" for flag -cdi-version: not a CDI version ({string.Join(", ", Known)})");
    }

    private static int IndexOf(string version) => Known.ToList().IndexOf(version);
}
