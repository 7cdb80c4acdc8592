using System.Globalization;

namespace NvContract.Command;

/// <summary>
/// The GPUs <c>NV_GPU</c> selects: NVML indices or <c>GPU-</c> UUID prefixes, separated by commas
/// and/or spaces (empty fields dropped); unset or blank selects every GPU, in index order. MIG
/// devices too: <c>&lt;gpu index&gt;:&lt;mig index&gt;</c> (<c>0:1</c>), a <c>MIG-</c> UUID (prefix)
/// or the legacy <c>MIG-GPU-&lt;uuid&gt;/&lt;gi&gt;/&lt;ci&gt;</c>, which the daemon resolves (it
/// knows the current layout; a word it does not know is its <c>invalid device</c> error).
/// </summary>
internal static class GpuSelection
{
    /// <summary>The words of <paramref name="value"/>; empty for "every GPU".</summary>
    public static IReadOnlyList<string> Split(string? value) =>
        (value ?? "").Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Resolves <paramref name="value"/> against the daemon's devices (their UUIDs in index order)
    /// to device indices, in the order given, duplicates dropped.
    /// </summary>
    /// <exception cref="CommandException">A word names no GPU of this host, or only separators were given.</exception>
    public static IReadOnlyList<int> Resolve(string? value, IReadOnlyList<string> uuids)
    {
        var words = Split(value);
        if (words.Count == 0)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                throw new CommandException($"NV_GPU=\"{value}\" names no GPU (indices or GPU- UUIDs, separated by commas or spaces)");
            }

            return [.. Enumerable.Range(0, uuids.Count)];
        }

        var selected = new List<int>();
        foreach (var word in words)
        {
            var index = IndexOf(word, uuids);
            if (index < 0)
            {
                var range = uuids.Count == 0 ? "this host has no GPU" : $"this host has GPUs 0 to {uuids.Count - 1}";
                throw new CommandException($"invalid device: {word} (NV_GPU takes indices or GPU- UUID prefixes; {range})");
            }

            if (!selected.Contains(index))
            {
                selected.Add(index);
            }
        }

        return selected;
    }

    /// <summary>Whether <paramref name="word"/> is in a MIG form: a <c>MIG-</c> prefix or a <c>:</c>.</summary>
    public static bool IsMig(string word) => word.StartsWith("MIG-", StringComparison.Ordinal) || word.Contains(':', StringComparison.Ordinal);

    /// <summary>
    /// The daemon's <c>dev</c> words for <paramref name="value"/>: each whole GPU as its index
    /// (resolved here, as <see cref="Resolve"/> does), each MIG word as written; duplicates dropped.
    /// </summary>
    /// <exception cref="CommandException">A word names no GPU of this host, or only separators were given.</exception>
    public static IReadOnlyList<string> DevWords(string? value, IReadOnlyList<string> uuids)
    {
        var words = Split(value);
        if (!words.Any(IsMig))
        {
            return [.. Resolve(value, uuids).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        }

        var result = new List<string>();
        foreach (var word in words)
        {
            var token = IsMig(word) ? word : Resolve(word, uuids)[0].ToString(CultureInfo.InvariantCulture);
            if (!result.Contains(token))
            {
                result.Add(token);
            }
        }

        return result;
    }

    // The daemon's rules for dev=: a GPU- prefix (first match) or a decimal index in range.
    private static int IndexOf(string word, IReadOnlyList<string> uuids)
    {
        if (word.StartsWith("GPU-", StringComparison.Ordinal))
        {
            for (var i = 0; i < uuids.Count; i++)
            {
                if (uuids[i].StartsWith(word, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        return word.All(char.IsAsciiDigit) && int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < uuids.Count
            ? index
            : -1;
    }
}
