namespace NvContract.Core.Volumes;

/// <summary>
/// Something other than a real folder sits where a volume folder belongs (<c>&lt;-d&gt;/nvidia_driver</c>
/// or a version folder): a symlink is never followed, a file never used as a folder.
/// </summary>
public sealed class UnusableVolumeFolderException(string path, string found)
    : VolumeException($"{path} is {found}: refusing to use it")
{
    internal const string Symlink = "a symlink, not a folder";
    internal const string NotAFolder = "not a folder";
}
