using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace NvContract.Testing;

/// <summary>A fact that needs <see cref="Folder"/> on another filesystem than the temp folder (tmpfs /dev/shm usually is).</summary>
public sealed class CrossFilesystemFactAttribute : FactAttribute
{
    public const string Folder = "/dev/shm";

    [SuppressMessage("Design", "CA1019", Justification = "xunit reads Skip")]
    public CrossFilesystemFactAttribute()
    {
        if (!Directory.Exists(Folder) || Device(Folder) == Device(Path.GetTempPath()))
        {
            Skip = $"needs {Folder} on another filesystem than {Path.GetTempPath()}";
        }
    }

    private static string Device(string path) => Tool.Run("stat", "-c", "%d", path).Trim();
}
