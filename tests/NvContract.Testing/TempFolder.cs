namespace NvContract.Testing;

/// <summary>A fresh folder under the system temp folder, deleted (symlinks unlinked, never followed) on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string? parent = null)
    {
        Path = Directory.CreateTempSubdirectory("nvcontract-").FullName;
        if (parent is not null)
        {
            Directory.Delete(Path);
            Path = System.IO.Path.Join(parent, System.IO.Path.GetFileName(Path));
            Directory.CreateDirectory(Path);
        }
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Join(Path, relative);

    public void Dispose()
    {
        try
        {
            Delete(new DirectoryInfo(Path));
        }
        catch (IOException)
        {
        }
    }

    private static void Delete(DirectoryInfo folder)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo sub && entry.LinkTarget is null)
            {
                Delete(sub);
            }
            else
            {
                File.Delete(entry.FullName);
            }
        }

        folder.Delete();
    }
}
