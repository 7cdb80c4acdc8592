using NvContract.Core.Discovery;
using NvContract.Testing;

namespace NvContract.Core.Tests.Discovery;

/// <summary>Every case runs twice: resolved by the kernel (openat2) and by the openat walk older kernels get.</summary>
public class ConfinedRootTests
{
    public static TheoryData<bool> Walks => new() { false, true };

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_AbsoluteSymlink_StaysInsideTheRoot(bool walk)
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.Combine("lib"));
        File.WriteAllText(root.Combine("lib/libcuda.so.550"), "x");
        File.CreateSymbolicLink(root.Combine("lib/libcuda.so.1"), "/lib/libcuda.so.550");

        Assert.Equal(root.Combine("lib/libcuda.so.550"), OpenedPath(root, "/lib/libcuda.so.1", walk));
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_DotDotAboveTheRoot_IsClampedAtTheRoot(bool walk)
    {
        using var outside = new TempFolder();
        using var root = new TempFolder(outside.Path);
        File.WriteAllText(outside.Combine("secret"), "outside");
        File.WriteAllText(root.Combine("secret"), "inside");
        Directory.CreateDirectory(root.Combine("lib"));
        File.CreateSymbolicLink(root.Combine("lib/escape"), "../../../secret");

        Assert.Equal(root.Combine("secret"), OpenedPath(root, "/lib/escape", walk));
        Assert.Equal(root.Combine("secret"), OpenedPath(root, "/../../secret", walk));
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_AbsoluteLinkToHostPath_IsReadInsideTheRoot(bool walk)
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.Combine("lib"));
        File.CreateSymbolicLink(root.Combine("lib/passwd"), "/etc/passwd");

        Assert.Null(OpenedPath(root, "/lib/passwd", walk));
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_SymlinkedFolder_IsFollowedInsideTheRoot(bool walk)
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.Combine("usr/lib64"));
        File.WriteAllText(root.Combine("usr/lib64/libcuda.so.550"), "x");
        File.CreateSymbolicLink(root.Combine("lib64"), "usr/lib64");
        File.CreateSymbolicLink(root.Combine("usr/lib64/up"), "../../lib64/./libcuda.so.550");

        Assert.Equal(root.Combine("usr/lib64/libcuda.so.550"), OpenedPath(root, "/lib64/libcuda.so.550", walk));
        Assert.Equal(root.Combine("usr/lib64/libcuda.so.550"), OpenedPath(root, "/lib64/up", walk));
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_FolderLinkingOutOfTheRoot_NeverReachesOutside(bool walk)
    {
        using var outside = new TempFolder();
        using var root = new TempFolder();
        File.WriteAllText(outside.Combine("libcuda.so.1"), "outside");
        Directory.CreateDirectory(root.Combine("usr"));
        File.CreateSymbolicLink(root.Combine("usr/lib"), outside.Path);

        Assert.Null(OpenedPath(root, "/usr/lib/libcuda.so.1", walk));
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_LinkLoop_ReturnsNull(bool walk)
    {
        using var root = new TempFolder();
        File.CreateSymbolicLink(root.Combine("a"), "b");
        File.CreateSymbolicLink(root.Combine("b"), "/a");

        Assert.Null(OpenedPath(root, "/a", walk));
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_Missing_ReturnsNull(bool walk)
    {
        using var root = new TempFolder();
        File.WriteAllText(root.Combine("file"), "x");

        Assert.Null(OpenedPath(root, "/usr/lib/libcuda.so.1", walk));
        Assert.Null(OpenedPath(root, "/file/libcuda.so.1", walk));
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_Fifo_IsRefusedWithoutBlocking(bool walk)
    {
        using var root = new TempFolder();
        File.CreateSymbolicLink(root.Combine("libcuda.so.1"), "pipe");
        Tool.Run("mkfifo", root.Combine("pipe"));
        using var confined = ConfinedRoot.Open(root.Path, walk);

        var e = Assert.Throws<UnusableFileException>(() => confined.Open("/libcuda.so.1"));

        Assert.Equal(root.Combine("pipe"), e.Path);
        Assert.Equal("not a regular file (FIFO)", e.Reason);
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_FolderOrDevice_IsRefused(bool walk)
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.Combine("lib"));
        File.CreateSymbolicLink(root.Combine("null"), "/dev/null");
        using var confined = ConfinedRoot.Open("/", walk);
        using var inRoot = ConfinedRoot.Open(root.Path, walk);

        Assert.Equal("not a regular file (directory)", Assert.Throws<UnusableFileException>(() => inRoot.Open("/lib")).Reason);
        Assert.Equal("not a regular file (character device)", Assert.Throws<UnusableFileException>(() => confined.Open("/dev/null")).Reason);
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_RegularFile_ReadsThroughTheDescriptorAndKnowsItsMode(bool walk)
    {
        using var root = new TempFolder();
        File.WriteAllText(root.Combine("tool"), "contents");
        File.SetUnixFileMode(root.Combine("tool"), (UnixFileMode)0b100_111_101_101);
        using var confined = ConfinedRoot.Open(root.Path, walk);

        using var file = confined.Open("/tool");

        Assert.NotNull(file);
        Assert.Equal("tool", file.Name);
        Assert.Equal((UnixFileMode)0b100_111_101_101, file.Mode);
        Assert.True(file.IsExecutable);
        Assert.Equal(8, file.Length);
        var buffer = new byte[8];
        Assert.Equal(8, RandomAccess.Read(file.Handle, buffer, 0));
        Assert.Equal("contents"u8.ToArray(), buffer);
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Open_HostRoot_IsPlainRealpath(bool walk)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("real"), "x");
        File.CreateSymbolicLink(folder.Combine("link"), "real");

        using var root = ConfinedRoot.Open("/", walk);
        using var file = root.Open(folder.Combine("link"));

        Assert.Equal(folder.Combine("real"), file?.HostPath);
    }

    [Fact]
    public void Open_RootNotAFolder_ThrowsIOException()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("file"), "x");

        Assert.Throws<IOException>(() => ConfinedRoot.Open(folder.Combine("file")));
        Assert.Throws<IOException>(() => ConfinedRoot.Open(folder.Combine("missing")));
    }

    private static string? OpenedPath(TempFolder root, string pathInRoot, bool walk)
    {
        using var confined = ConfinedRoot.Open(root.Path, walk);
        using var file = confined.Open(pathInRoot);
        return file?.HostPath;
    }
}
