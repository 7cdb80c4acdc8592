using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace NvContract.Core.Discovery;

/// <summary>
/// v1's "blacklist" (docs/v1-compatibility.md §3.5): skip GL libraries of other vendors and
/// the classic-TLS copy of libnvidia-tls, keeping the rest.
/// </summary>
public static partial class ElfFilter
{
    // ABI tag 2.3.99 (minor 3, patch 99): the "new TLS" build of libnvidia-tls.
    private const ulong NewTlsAbiTag = 0x0000006300000003;

    /// <summary>Whether the driver file at <paramref name="realPath"/> belongs in the volume.</summary>
    public static bool Keep(string realPath, ElfInfo elf)
    {
        var match = LibraryName().Match(Path.GetFileName(realPath));
        if (!match.Success)
        {
            return true;
        }

        return match.Groups[1].Value switch
        {
            "EGL" or "GLESv1_CM" or "GLESv2" or "GL" => elf.Needed.Any(n => NvidiaGlDependency().IsMatch(n)),
            "nvidia-tls" => elf.AbiTag is { Length: >= 32 } tag && BinaryPrimitives.ReadUInt64LittleEndian(tag.AsSpan(24)) == NewTlsAbiTag,
            _ => true,
        };
    }

    [GeneratedRegex(@"^lib([\w-]+)\.so[0-9.]*$")]
    private static partial Regex LibraryName();

    [GeneratedRegex(@"libnvidia-e?glcore\.so|libGLdispatch\.so")]
    private static partial Regex NvidiaGlDependency();
}
