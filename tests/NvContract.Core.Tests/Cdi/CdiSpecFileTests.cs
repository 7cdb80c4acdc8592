using NvContract.Core.Cdi;
using NvContract.Testing;

namespace NvContract.Core.Tests.Cdi;

public class CdiSpecFileTests
{
    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public void Write_NewFolder_CreatesTheFileWithMode0644()
    {
        using var folder = new TempFolder();
        var file = new CdiSpecFile(folder.Combine("cdi/spec.json"));

        Assert.True(file.Write("{}\n"u8));

        Assert.Equal("{}\n", File.ReadAllText(file.Path));
        Assert.Equal(Mode0644, File.GetUnixFileMode(file.Path));
        Assert.Equal(["spec.json"], Directory.EnumerateFileSystemEntries(folder.Combine("cdi")).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_SameBytes_FileLeftAlone()
    {
        using var folder = new TempFolder();
        var file = new CdiSpecFile(folder.Combine("spec.json"));
        file.Write("{\"a\":1}\n"u8);
        var old = DateTime.UtcNow.AddDays(-1);
        File.SetLastWriteTimeUtc(file.Path, old);

        // A second instance (a restarted daemon) compares with what the file holds.
        Assert.False(new CdiSpecFile(file.Path).Write("{\"a\":1}\n"u8));
        Assert.False(file.Write("{\"a\":1}\n"u8));

        Assert.Equal(old, File.GetLastWriteTimeUtc(file.Path));
    }

    [Fact]
    public void Write_OtherBytes_ReplacesTheFileByRename()
    {
        using var folder = new TempFolder();
        var file = new CdiSpecFile(folder.Combine("spec.json"));
        file.Write("{\"a\":1}\n"u8);
        using var reader = File.OpenRead(file.Path);

        Assert.True(file.Write("{\"a\":2}\n"u8));

        // A reader that opened the old file still reads it whole: the new one is another file.
        Assert.Equal("{\"a\":1}\n", new StreamReader(reader).ReadToEnd());
        Assert.Equal("{\"a\":2}\n", File.ReadAllText(file.Path));
        Assert.Single(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Write_FileChangedBySomeoneElse_WrittenAgain()
    {
        using var folder = new TempFolder();
        var file = new CdiSpecFile(folder.Combine("spec.json"));
        file.Write("{\"a\":1}\n"u8);
        File.WriteAllText(file.Path, "{\"edited\":true}\n");

        Assert.True(file.Write("{\"a\":1}\n"u8));
        Assert.Equal("{\"a\":1}\n", File.ReadAllText(file.Path));

        File.Delete(file.Path);
        Assert.True(file.Write("{\"a\":1}\n"u8));
    }

    [Fact]
    public void Write_FolderIsAFile_IOExceptionAndNothingLeftBehind()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("cdi"), "not a folder");
        var file = new CdiSpecFile(folder.Combine("cdi/spec.json"));

        Assert.ThrowsAny<IOException>(() => file.Write("{}\n"u8));

        Assert.Equal(["cdi"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Delete_RemovesTheFileOnce()
    {
        using var folder = new TempFolder();
        var file = new CdiSpecFile(folder.Combine("spec.json"));
        file.Write("{}\n"u8);

        Assert.True(file.Delete());
        Assert.False(file.Delete());
        Assert.False(File.Exists(file.Path));
    }
}
