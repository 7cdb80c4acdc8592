using System.Text;

namespace NvContract.Nvml;

/// <summary>Decodes NVML's NUL-terminated UTF-8 char buffers.</summary>
internal static class NvmlText
{
    public static string Decode(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? buffer : buffer[..end]);
    }

    public static unsafe string Decode(byte* buffer, int size) => Decode(new ReadOnlySpan<byte>(buffer, size));
}
