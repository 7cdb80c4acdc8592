using System.Buffers.Text;
using System.IO.Compression;

namespace NvContract.Core.Mesos;

/// <summary>
/// The <c>/mesos/cli</c> line (docs/v1-compatibility.md §4.7):
/// <c>--attributes=gpus:&lt;B&gt; --resources=gpus:{&lt;UUID&gt;,...}</c>,
/// where B is the exact <c>/gpu/info/json</c> body, zlib-compressed (RFC 1950) and base64url-encoded
/// with the padding stripped (v1 cites RFC 6920 for that).
/// </summary>
public static class MesosArguments
{
    public static string Format(ReadOnlySpan<byte> gpuInfoJson, IEnumerable<string> uuids) =>
        $"--attributes=gpus:{Encode(gpuInfoJson)} --resources=gpus:{{{string.Join(',', uuids)}}}";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return Base64Url.EncodeToString(compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
    }

    /// <summary>The inverse of <see cref="Encode"/>, for frameworks and tests.</summary>
    public static byte[] Decode(string attribute)
    {
        using var zlib = new ZLibStream(new MemoryStream(Base64Url.DecodeFromChars(attribute)), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        zlib.CopyTo(plain);
        return plain.ToArray();
    }
}
