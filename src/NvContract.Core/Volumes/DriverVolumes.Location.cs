using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;

namespace NvContract.Core.Volumes;

public sealed partial class DriverVolumes
{
    /// <summary>
    /// Refuses a <see cref="VolumesDirectory"/> inside the folders of the driver files that discovery
    /// finds under the driver root (see <see cref="VolumesLocation"/>). When discovery cannot read the
    /// driver root's library cache the check is skipped with a warning; Create reports that error.
    /// </summary>
    /// <exception cref="VolumesInsideDriverFolderException">The volumes folder is inside a driver folder.</exception>
    public void EnsureOutsideDriverFolders()
    {
        DriverFiles files;
        try
        {
            files = _discovery.Discover();
        }
        catch (Exception e) when (e is IOException or InvalidLdCacheException or LdCacheNotFoundException)
        {
            _logger.LogWarning("Cannot check that {Path} is outside the driver's folders: {Reason}", VolumesDirectory, e.Message);
            return;
        }

        using (files)
        {
            // Discovery lists paths inside the driver root; each folder is resolved inside that root
            // (an absolute symlink there points into it, not at the host's folder of that name) and
            // compared as a host path. A folder that is missing is taken as written.
            var folders = files.Binaries.Concat(files.Libraries32).Concat(files.Libraries64)
                .Select(file => Path.GetDirectoryName(file.PathInRoot))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Select(folder => files.Root.FolderHostPath(folder) ?? files.Root.Join(folder))
                .ToList();
            VolumesLocation.EnsureOutsideDriverFolders(VolumesDirectory, folders);
        }
    }
}
