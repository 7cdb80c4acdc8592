using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;

namespace NvContract.Core.Volumes;

public sealed partial class DriverVolumes
{
    /// <summary>What a volume is useless without: CUDA and NVML, in <c>lib64/</c>.</summary>
    internal static readonly IReadOnlyList<string> RequiredLibraries = ["libcuda.so.1", "libnvidia-ml.so.1"];

    /// <summary>The longest one build may take; the volume's lock is held meanwhile.</summary>
    internal TimeSpan BuildTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock the build deadline is measured with.</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    private void Build(VolumeName volume)
    {
        var deadline = new BuildDeadline(Clock, BuildTimeout, volume.Name);
        VolumeFolder.Create(VolumesDirectory);
        VolumeFolder.Create(BaseDirectory);

        // The build goes through the opened folder, so replacing <-d>/nvidia_driver with a symlink
        // meanwhile redirects none of it; a symlink already there is refused by the open.
        using var folder = PinnedFolder.Open(BaseDirectory) ?? throw new IOException($"failed to create volume {volume.Name}: {BaseDirectory} disappeared");
        var stagingName = $"{TemporaryPrefix}{volume.Version}-{Guid.NewGuid():N}";
        var staging = folder.Entry(stagingName);
        try
        {
            VolumeFolder.Create(staging);
            using var files = Discover(volume);
            var build = new BuildState(files.Root, new FilePlacer(_logger, deadline, _link), deadline, _logger);
            var binaries = Populate(build, Path.Join(staging, "bin"), files.Binaries, DriverFolder.Binaries);
            var libraries32 = Populate(build, Path.Join(staging, "lib"), files.Libraries32, DriverFolder.Libraries32);
            var libraries64 = Populate(build, Path.Join(staging, "lib64"), files.Libraries64, DriverFolder.Libraries64);
            CheckRequiredLibraries(build, Path.Join(staging, "lib64"), volume);
            Directory.Move(staging, folder.Entry(volume.Version));
            _logger.LogInformation(
                "Created volume {Name}: {Binaries} binaries, {Libraries32} 32-bit and {Libraries64} 64-bit libraries{How}",
                volume.Name, binaries, libraries32, libraries64, build.Placer.Copied ? " (copied)" : string.Empty);
        }
        catch (VolumeBuildException e)
        {
            TryDelete(folder, stagingName);
            _logger.LogWarning("Cannot create volume {Name}: {Reason}", volume.Name, e.Reason);
            throw;
        }
        catch (Exception e)
        {
            TryDelete(folder, stagingName);
            throw new IOException($"failed to create volume {volume.Name}: {Shown(folder, e.Message)}", e);
        }
    }

    /// <summary>A message about paths inside the opened folder, naming the folder by its path rather than its descriptor.</summary>
    private string Shown(PinnedFolder folder, string message) => message.Replace(folder.Path + "/", BaseDirectory + "/", StringComparison.Ordinal);

    /// <summary>Lists the driver's files; a missing or malformed ld.so.cache is the driver root's fault, not the daemon's.</summary>
    private DriverFiles Discover(VolumeName volume)
    {
        try
        {
            return _discovery.Discover();
        }
        catch (Exception e) when (e is InvalidLdCacheException or LdCacheNotFoundException)
        {
            throw new VolumeBuildException(e.Message, volume.Name);
        }
    }

    /// <summary>Places the usable files and their links in one volume folder; returns how many files it placed.</summary>
    private static int Populate(BuildState build, string folder, IReadOnlyList<DriverPath> paths, DriverFolder kind)
    {
        VolumeFolder.Create(folder);
        var placed = 0;
        foreach (var selected in build.Selection.Select(paths, kind))
        {
            using var file = selected.File;
            build.Placer.Place(file, Path.Join(folder, file.Name));
            placed++;
            foreach (var link in selected.Links)
            {
                File.CreateSymbolicLink(Path.Join(folder, link), file.Name);
            }
        }

        return placed;
    }

    /// <summary>Fails the build unless CUDA and NVML made it into <c>lib64/</c>, naming what went wrong.</summary>
    private static void CheckRequiredLibraries(BuildState build, string lib64, VolumeName volume)
    {
        foreach (var name in RequiredLibraries)
        {
            if (VolumeFolder.EntryExists(Path.Join(lib64, name)))
            {
                continue;
            }

            throw new VolumeBuildException(
                build.Problems.TryGetValue((DriverFolder.Libraries64, name), out var problem)
                    ? $"required library {name} is unusable: {problem}"
                    : $"required library {name} not found in the driver's ld.so.cache",
                volume.Name);
        }
    }

    private void TryDelete(PinnedFolder folder, string stagingName)
    {
        try
        {
            VolumeFolder.DeleteTree(folder.Entry(stagingName));
        }
        catch (IOException e)
        {
            _logger.LogWarning("Cannot remove unfinished volume folder {Path}: {Reason}", Path.Join(BaseDirectory, stagingName), Shown(folder, e.Message));
        }
    }

    /// <summary>What one build carries from file to file; it logs the files passed over and remembers why each was.</summary>
    private sealed class BuildState : IDriverFileSelectionReport
    {
        private readonly ILogger _logger;

        public BuildState(ConfinedRoot root, FilePlacer placer, BuildDeadline deadline, ILogger logger)
        {
            _logger = logger;
            Placer = placer;
            Deadline = deadline;
            Selection = new DriverFileSelection(root, this);
        }

        public FilePlacer Placer { get; }

        public BuildDeadline Deadline { get; }

        /// <summary>The files to place, by the rule the CDI spec shares.</summary>
        public DriverFileSelection Selection { get; }

        /// <summary>Per folder and listed name (cache key or binary name), the first reason it could not be placed.</summary>
        public Dictionary<(DriverFolder Kind, string Name), string> Problems { get; } = [];

        public void BeforeFile() => Deadline.ThrowIfPassed();

        // v1 skipped missing files silently; only a required library's absence is an error, named later.
        public void Missing(DriverPath path, DriverFolder folder, string hostPath) =>
            Problems.TryAdd((folder, path.Name), $"{hostPath}: no such file");

        public void Unusable(DriverPath path, DriverFolder folder, UnusableFileException e)
        {
            // v1 failed the whole Create on any odd file; one unusable library should not block every container.
            _logger.LogWarning("Skipping {Path}: {Reason}", e.Path, e.Reason);
            Problems.TryAdd((folder, path.Name), e.Message);
        }

        public void NotNvidia(string hostPath) => _logger.LogDebug("Skipping {Path}: not an NVIDIA build", hostPath);

        public void Duplicate(string hostPath, string name) =>
            _logger.LogWarning("Skipping {Path}: {Name} is already in the volume", hostPath, name);

        public void BadSoname(string soname, string name) =>
            _logger.LogWarning("Ignoring SONAME {Soname} of {Name}: not a file name", soname, name);
    }
}
