using System.Globalization;

namespace NvContract.Core.Gpu;

/// <summary>A CUDA compute capability (v1's "Arch"), with the family and cores-per-SM facts derived from it.</summary>
public readonly record struct ComputeCapability(int Major, int Minor)
{
    /// <summary>The family name: v1's table (Tesla … Pascal) extended through Blackwell; null when unknown.</summary>
    public string? Family => (Major, Minor) switch
    {
        (1, _) => "Tesla",
        (2, _) => "Fermi",
        (3, _) => "Kepler",
        (5, _) => "Maxwell",
        (6, _) => "Pascal",
        (7, 0) or (7, 2) => "Volta",
        (7, 5) => "Turing",
        (8, 0) or (8, 6) or (8, 7) => "Ampere",
        (8, 9) => "Ada",
        (9, 0) => "Hopper",
        (10, 0) or (10, 1) or (10, 3) or (11, 0) or (12, 0) or (12, 1) => "Blackwell",
        _ => null,
    };

    /// <summary>
    /// CUDA cores per multiprocessor, from the CUDA programming guide's tables; null for a
    /// capability not in them (never guessed from a neighbour).
    /// </summary>
    public int? CoresPerMultiprocessor => (Major, Minor) switch
    {
        (1, >= 0 and <= 3) => 8,
        (2, 0) => 32,
        (2, 1) => 48,
        (3, 0) or (3, 2) or (3, 5) or (3, 7) => 192,
        (5, 0) or (5, 2) or (5, 3) => 128,
        (6, 0) => 64,
        (6, 1) or (6, 2) => 128,
        (7, 0) or (7, 2) or (7, 5) => 64,
        (8, 0) => 64,
        (8, 6) or (8, 7) or (8, 9) => 128,
        (9, 0) => 128,
        (10, 0) or (10, 1) or (10, 3) or (11, 0) or (12, 0) or (12, 1) => 128,
        _ => null,
    };

    /// <summary>Total CUDA cores for <paramref name="multiprocessors"/> SMs; null when either is unknown.</summary>
    public long? Cores(long? multiprocessors) =>
        multiprocessors is { } sms && CoresPerMultiprocessor is { } perSm ? sms * perSm : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    /// <summary>Parses <c>major.minor</c>, e.g. <c>9.0</c>.</summary>
    public static ComputeCapability Parse(string text)
    {
        var dot = text.IndexOf('.');
        if (dot <= 0
            || !int.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            throw new FormatException($"invalid compute capability '{text}': expected major.minor, e.g. 9.0");
        }

        return new ComputeCapability(major, minor);
    }
}
