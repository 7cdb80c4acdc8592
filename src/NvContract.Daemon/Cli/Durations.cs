using System.Globalization;

namespace NvContract.Daemon.Cli;

/// <summary>Go-style durations for flags: <c>0</c>, <c>250ms</c>, <c>1s</c>, <c>1.5s</c>, <c>2m</c>.</summary>
public static class Durations
{
    private static readonly (string Suffix, double Milliseconds)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000)];

    public static TimeSpan Parse(string text, string flag)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        foreach (var (suffix, ms) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return TimeSpan.FromMilliseconds(value * ms);
            }
        }

        throw new FormatException($"invalid value \"{text}\" for flag -{flag}: parse error");
    }
}
