namespace NvContract.Command;

/// <summary>
/// Where things are in a docker command line: the global options, the subcommand and, for
/// <c>run</c> and <c>create</c>, the image and the place the GPU arguments go (right before the
/// image, or before a <c>--</c> that ends the options).
/// </summary>
/// <param name="Arguments">The command line as given, without the program name.</param>
/// <param name="GlobalOptions">The words before the subcommand (<c>-H unix:///…</c>, <c>--context x</c>).</param>
/// <param name="Command">The subcommand (<c>run</c>, <c>ps</c>; <c>run</c> also for <c>container run</c>), or null.</param>
/// <param name="ImageIndex">Index of the image in <paramref name="Arguments"/> for run/create; -1 otherwise.</param>
/// <param name="InsertIndex">Where the GPU arguments go for run/create; -1 otherwise.</param>
/// <param name="AsksForHelp">A run/create that only prints docker's help (<c>--help</c> among its options).</param>
internal sealed record DockerCommandLine(
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> GlobalOptions,
    string? Command,
    int ImageIndex,
    int InsertIndex,
    bool AsksForHelp)
{
    /// <summary>True for a run or create that names an image: the commands the GPU arguments are for.</summary>
    public bool NeedsGpus => Command is "run" or "create" && ImageIndex >= 0 && !AsksForHelp;

    /// <summary>The image, for a run or create.</summary>
    public string Image => Arguments[ImageIndex];

    /// <summary>The command line with <paramref name="inserted"/> placed before the image.</summary>
    public IReadOnlyList<string> With(IReadOnlyList<string> inserted) =>
        [.. Arguments.Take(InsertIndex), .. inserted, .. Arguments.Skip(InsertIndex)];

    /// <summary>Splits <paramref name="arguments"/>.</summary>
    /// <param name="arguments">The words after <c>nvidia-docker</c>.</param>
    /// <param name="globalFlags">The engine's global options (asked only when the line starts with an option).</param>
    /// <param name="commandFlags">The options of <c>run</c> or <c>create</c>, given the global options (asked only for those).</param>
    public static DockerCommandLine Parse(
        IReadOnlyList<string> arguments,
        Func<DockerFlags> globalFlags,
        Func<IReadOnlyList<string>, string, DockerFlags> commandFlags)
    {
        var commandIndex = arguments.Count > 0 && IsOption(arguments[0])
            ? SkipOptions(arguments, 0, globalFlags(), out _)
            : 0;
        var globals = arguments.Take(commandIndex).ToArray();
        if (commandIndex >= arguments.Count)
        {
            return new DockerCommandLine(arguments, globals, null, -1, -1, false);
        }

        if (arguments[commandIndex] == "--")
        {
            commandIndex++;
            if (commandIndex >= arguments.Count)
            {
                return new DockerCommandLine(arguments, globals, null, -1, -1, false);
            }
        }

        var command = arguments[commandIndex];
        // "docker container run" is "docker run".
        if (command == "container" && commandIndex + 1 < arguments.Count && arguments[commandIndex + 1] is "run" or "create")
        {
            commandIndex++;
            command = arguments[commandIndex];
        }

        if (command is not ("run" or "create"))
        {
            return new DockerCommandLine(arguments, globals, command, -1, -1, false);
        }

        var flags = commandFlags(globals, command);
        var end = SkipOptions(arguments, commandIndex + 1, flags, out var help);
        if (end < arguments.Count && arguments[end] == "--")
        {
            // "run --rm -- image": the options end at "--"; ours go before it.
            return new DockerCommandLine(arguments, globals, command, end + 1 < arguments.Count ? end + 1 : -1, end, help);
        }

        return new DockerCommandLine(arguments, globals, command, end < arguments.Count ? end : -1, end, help);
    }

    /// <summary>Returns the index of the first word that is not an option or an option's value.</summary>
    private static int SkipOptions(IReadOnlyList<string> arguments, int start, DockerFlags flags, out bool help)
    {
        help = false;
        var i = start;
        while (i < arguments.Count)
        {
            var word = arguments[i];
            if (word == "--" || !IsOption(word))
            {
                return i;
            }

            i++;
            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                var name = word[2..];
                help |= name is "help" || name.StartsWith("help=", StringComparison.Ordinal);
                if (!name.Contains('=', StringComparison.Ordinal) && flags.TakesValue(name))
                {
                    i++;
                }

                continue;
            }

            // A cluster of short options (-it, -dv x:y); the first one that takes a value takes
            // the rest of the word, or the next word when nothing is left.
            for (var c = 1; c < word.Length; c++)
            {
                if (flags.TakesValue(word[c]))
                {
                    if (c == word.Length - 1)
                    {
                        i++;
                    }

                    break;
                }
            }
        }

        return i;
    }

    private static bool IsOption(string word) => word.Length > 1 && word[0] == '-';
}
