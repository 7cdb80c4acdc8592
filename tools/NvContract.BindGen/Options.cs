using System.Text.RegularExpressions;

namespace NvContract.BindGen;

/// <summary>Generator switches, read from the command line and <c>@file.rsp</c> response files.</summary>
internal sealed partial class Options
{
    public string Input { get; private set; } = "";
    public string Output { get; private set; } = "";
    public string Namespace { get; private set; } = "";
    public string MethodsClass { get; private set; } = "";
    public string Library { get; private set; } = "";
    public string Header { get; private set; } = "";
    public string Target { get; private set; } = "";
    public List<string> ClangArgs { get; } = [];

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        var queue = new Queue<string>(Expand(args));
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (queue.Count == 0)
            {
                throw new GeneratorException($"switch {name} needs a value");
            }

            var value = ExpandEnvironment(queue.Dequeue());
            switch (name)
            {
                case "--input": options.Input = value; break;
                case "--output": options.Output = value; break;
                case "--namespace": options.Namespace = value; break;
                case "--methods-class": options.MethodsClass = value; break;
                case "--library": options.Library = value; break;
                case "--header": options.Header = value; break;
                case "--target": options.Target = value; break;
                case "--clang-arg": options.ClangArgs.Add(value); break;
                default: throw new GeneratorException($"unknown switch {name}");
            }
        }

        foreach (var (value, name) in new[]
                 {
                     (options.Input, "--input"), (options.Output, "--output"), (options.Namespace, "--namespace"),
                     (options.MethodsClass, "--methods-class"), (options.Library, "--library"),
                     (options.Header, "--header"), (options.Target, "--target"),
                 })
        {
            if (value.Length == 0)
            {
                throw new GeneratorException($"missing switch {name}");
            }
        }

        return options;
    }

    // A response file holds one "--switch value" per line; '#' starts a comment line.
    private static IEnumerable<string> Expand(IEnumerable<string> args)
    {
        foreach (var arg in args)
        {
            if (!arg.StartsWith('@'))
            {
                yield return arg;
                continue;
            }

            foreach (var raw in File.ReadAllLines(arg[1..]))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var space = line.IndexOf(' ');
                if (space < 0)
                {
                    yield return line;
                    continue;
                }

                yield return line[..space];
                yield return line[(space + 1)..].Trim();
            }
        }
    }

    private static string ExpandEnvironment(string value) =>
        EnvironmentReference().Replace(value, m => Environment.GetEnvironmentVariable(m.Groups[1].Value) is { Length: > 0 } v
            ? v
            : throw new GeneratorException($"environment variable {m.Groups[1].Value} is not set (tools/generate.sh sets it)"));

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvironmentReference();
}
