namespace NvContract.Core.Cdi;

/// <summary>
/// A CDI kind, <c>vendor/class</c> (<c>nvidia.com/gpu</c>): each part starts with a letter, ends
/// with a letter or digit, and holds only letters, digits, <c>_</c>, <c>-</c> and <c>.</c>
/// (the CDI library's parser, pkg/parser).
/// </summary>
public sealed record CdiKind
{
    /// <summary>The kind NVIDIA's tools and every runtime's documentation use.</summary>
    public static readonly CdiKind Default = Parse("nvidia.com/gpu");

    private CdiKind(string vendor, string deviceClass)
    {
        Vendor = vendor;
        Class = deviceClass;
    }

    public string Vendor { get; }

    public string Class { get; }

    /// <summary>The name of the file this daemon writes for the kind, e.g. <c>nvidia-docker-plugin.nvidia.com-gpu.json</c>.</summary>
    public string FileName => $"nvidia-docker-plugin.{Vendor}-{Class}.json";

    /// <summary>Reads a <c>--cdi-kind</c> value.</summary>
    /// <exception cref="FormatException">Not a valid kind.</exception>
    public static CdiKind Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !IsName(parts[0]) || !IsName(parts[1]))
        {
            throw new FormatException(
                $"invalid value \"{text}\" for flag -cdi-kind: not vendor/class (each starts with a letter, ends with a letter or digit, and holds only letters, digits, '_', '-' and '.')");
        }

        return new CdiKind(parts[0], parts[1]);
    }

    /// <summary>The fully qualified name of a device of this kind, e.g. <c>nvidia.com/gpu=0</c>.</summary>
    public string Qualify(string deviceName) => $"{this}={deviceName}";

    public override string ToString() => $"{Vendor}/{Class}";

    private static bool IsName(string part) =>
        part.Length > 0
        && char.IsAsciiLetter(part[0])
        && char.IsAsciiLetterOrDigit(part[^1])
        && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
