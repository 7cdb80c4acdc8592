using System.Buffers.Binary;
using NvContract.Core.Discovery;

namespace NvContract.Core.Tests.Discovery;

public class ElfFilterTests
{
    public static TheoryData<string, string, string[], byte[]?, bool> Cases => new()
    {
        { "compute library is always kept", "libcuda.so.550.54.15", [], null, true },
        { "NVIDIA libGL needs glcore", "libGL.so.550.54.15", ["libnvidia-glcore.so.550.54.15"], null, true },
        { "GLVND libEGL needs GLdispatch", "libEGL.so.1.1.0", ["libGLdispatch.so.0"], null, true },
        { "NVIDIA EGL needs eglcore", "libGLESv2.so.2", ["libnvidia-eglcore.so.550.54.15"], null, true },
        { "Mesa libGL is skipped", "libGL.so.1.2.0", ["libglapi.so.0", "libdrm.so.2"], null, false },
        { "Mesa libGLESv1_CM is skipped", "libGLESv1_CM.so.1", [], null, false },
        { "new-TLS libnvidia-tls is kept", "libnvidia-tls.so.550.54.15", [], AbiTag(2, 3, 99), true },
        { "classic libnvidia-tls is skipped", "libnvidia-tls.so.550.54.15", [], AbiTag(2, 2, 5), false },
        { "libnvidia-tls without a tag is skipped", "libnvidia-tls.so.550.54.15", [], null, false },
        { "short tag is skipped", "libnvidia-tls.so.550.54.15", [], new byte[20], false },
        { "binaries do not match the library pattern", "nvidia-smi", [], null, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Keep_Candidate_FollowsV1Blacklist(string description, string fileName, string[] needed, byte[]? abiTag, bool expected) =>
        Assert.True(expected == ElfFilter.Keep($"/usr/lib/x86_64-linux-gnu/{fileName}", new ElfInfo(null, needed, abiTag)), description);

    private static byte[] AbiTag(int major, int minor, int patch)
    {
        var note = new byte[32];
        BinaryPrimitives.WriteInt32LittleEndian(note, 4);
        BinaryPrimitives.WriteInt32LittleEndian(note.AsSpan(4), 16);
        BinaryPrimitives.WriteInt32LittleEndian(note.AsSpan(8), 1);
        "GNU\0"u8.CopyTo(note.AsSpan(12));
        BinaryPrimitives.WriteInt32LittleEndian(note.AsSpan(20), major);
        BinaryPrimitives.WriteInt32LittleEndian(note.AsSpan(24), minor);
        BinaryPrimitives.WriteInt32LittleEndian(note.AsSpan(28), patch);
        return note;
    }
}
