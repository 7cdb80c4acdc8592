using System.Globalization;

namespace NvContract.Command;

/// <summary>
/// The one line an error gets on stderr, in the 1.0 command's layout:
/// <c>nvidia-docker | 2017/10/13 08:33:01 Error: unsupported CUDA version: driver 8.0 &lt; image 9.0.176</c>.
/// </summary>
internal static class ErrorLine
{
    public static string Format(string message, DateTime localTime) =>
        string.Create(CultureInfo.InvariantCulture, $"nvidia-docker | {localTime:yyyy'/'MM'/'dd HH':'mm':'ss} Error: {OneLine(message)}");

    /// <summary>A line in the same layout for something the user should know while the command goes on.</summary>
    public static string Warning(string message, DateTime localTime) =>
        string.Create(CultureInfo.InvariantCulture, $"nvidia-docker | {localTime:yyyy'/'MM'/'dd HH':'mm':'ss} Warning: {OneLine(message)}");

    // Messages may quote docker or the daemon, whose answers can span lines.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
