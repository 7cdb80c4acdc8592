namespace NvContract.Core.Volumes;

/// <summary>The volumes folder (<c>-d</c>) is one of the driver's own folders or lies below one.</summary>
public sealed class VolumesInsideDriverFolderException(string volumesDirectory, string realPath, string driverFolder)
    : Exception(
        $"-d {volumesDirectory}{(realPath == volumesDirectory ? string.Empty : $" (really {realPath})")} is "
        + $"{(realPath == driverFolder ? string.Empty : "inside ")}the driver folder {driverFolder}, where the NVIDIA installer "
        + "would take the volumes' files for conflicting driver files: choose a folder outside the driver's folders");
