using System.Text.RegularExpressions;

namespace NvContract.Command;

/// <summary>
/// Which options of a docker (or podman) command take a value, read from the command's own
/// <c>--help</c>: the nvidia-docker command must know whether the word after <c>-v</c> is the
/// option's value or the image, and the engine's help is the list that matches its version.
/// </summary>
internal sealed partial class DockerFlags
{
    private readonly HashSet<string> _longWithValue;
    private readonly HashSet<char> _shortWithValue;

    public DockerFlags(IEnumerable<string> longWithValue, IEnumerable<char> shortWithValue)
    {
        _longWithValue = new HashSet<string>(longWithValue, StringComparer.Ordinal);
        _shortWithValue = [.. shortWithValue];
    }

    /// <summary>True when <c>--<paramref name="name"/></c> takes the next word as its value.</summary>
    public bool TakesValue(string name) => _longWithValue.Contains(name);

    /// <summary>True when <c>-<paramref name="name"/></c> takes a value (attached or the next word).</summary>
    public bool TakesValue(char name) => _shortWithValue.Contains(name);

    /// <summary>
    /// Reads an option table as cobra prints it (<c>  -v, --volume list   Bind mount a volume</c>:
    /// a type word after the name means a value, none means a switch) and as Docker before 1.13
    /// printed it (<c>-v, --volume=[]</c>; <c>--rm=false</c> is a switch).
    /// </summary>
    public static DockerFlags FromHelp(string help)
    {
        var longNames = new List<string>();
        var shortNames = new List<char>();
        foreach (var line in help.Split('\n'))
        {
            var match = OptionLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var value = match.Groups["value"].Value;
            var takesValue = value.Length > 0 && value is not "=false" and not "=true";
            if (!takesValue)
            {
                continue;
            }

            longNames.Add(match.Groups["long"].Value);
            if (match.Groups["short"].Success)
            {
                shortNames.Add(match.Groups["short"].Value[0]);
            }
        }

        return new DockerFlags(longNames, shortNames);
    }

    // The option starts near the left margin (wrapped description lines are indented further);
    // the type word follows the name after one space, the description after two or more.
    [GeneratedRegex(@"^\s{1,8}(?:-(?<short>[A-Za-z0-9]),\s)?--(?<long>[A-Za-z0-9][\w-]*)(?<value>=\S*| [^\s]+)?(?:\s{2,}|\s*$)")]
    private static partial Regex OptionLine();
}
