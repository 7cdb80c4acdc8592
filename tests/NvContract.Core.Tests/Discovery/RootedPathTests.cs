using NvContract.Core.Discovery;
using NvContract.Testing;

namespace NvContract.Core.Tests.Discovery;

public class RootedPathTests
{
    [Fact]
    public void Resolve_AbsoluteSymlink_StaysInsideTheRoot()
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.Combine("lib"));
        File.WriteAllText(root.Combine("lib/libcuda.so.550"), "x");
        File.CreateSymbolicLink(root.Combine("lib/libcuda.so.1"), "/lib/libcuda.so.550");

        Assert.Equal(root.Combine("lib/libcuda.so.550"), RootedPath.Resolve(root.Path, "/lib/libcuda.so.1"));
    }

    [Fact]
    public void Resolve_DotDotAboveTheRoot_IsClampedAtTheRoot()
    {
        using var outside = new TempFolder();
        using var root = new TempFolder(outside.Path);
        File.WriteAllText(outside.Combine("secret"), "outside");
        File.WriteAllText(root.Combine("secret"), "inside");
        Directory.CreateDirectory(root.Combine("lib"));
        File.CreateSymbolicLink(root.Combine("lib/escape"), "../../../secret");

        Assert.Equal(root.Combine("secret"), RootedPath.Resolve(root.Path, "/lib/escape"));
    }

    [Fact]
    public void Resolve_AbsoluteLinkToHostPath_IsReadInsideTheRoot()
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.Combine("lib"));
        File.CreateSymbolicLink(root.Combine("lib/passwd"), "/etc/passwd");

        Assert.Null(RootedPath.Resolve(root.Path, "/lib/passwd"));
    }

    [Fact]
    public void Resolve_SymlinkedFolder_IsFollowed()
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.Combine("usr/lib64"));
        File.WriteAllText(root.Combine("usr/lib64/libcuda.so.550"), "x");
        File.CreateSymbolicLink(root.Combine("lib64"), "usr/lib64");

        Assert.Equal(root.Combine("usr/lib64/libcuda.so.550"), RootedPath.Resolve(root.Path, "/lib64/libcuda.so.550"));
    }

    [Fact]
    public void Resolve_LinkLoop_ReturnsNull()
    {
        using var root = new TempFolder();
        File.CreateSymbolicLink(root.Combine("a"), "b");
        File.CreateSymbolicLink(root.Combine("b"), "/a");

        Assert.Null(RootedPath.Resolve(root.Path, "/a"));
    }

    [Fact]
    public void Resolve_Missing_ReturnsNull()
    {
        using var root = new TempFolder();

        Assert.Null(RootedPath.Resolve(root.Path, "/usr/lib/libcuda.so.1"));
    }

    [Fact]
    public void Resolve_HostRoot_IsPlainRealpath()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("real"), "x");
        File.CreateSymbolicLink(folder.Combine("link"), "real");

        Assert.Equal(folder.Combine("real"), RootedPath.Resolve("/", folder.Combine("link")));
    }
}
