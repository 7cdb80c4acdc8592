namespace NvContract.Nvml;

/// <summary>libnvidia-ml could not be loaded; the message names the file, the loader's reason and the fixes.</summary>
public sealed class NvmlLibraryNotFoundException : Exception
{
    public NvmlLibraryNotFoundException(string library, string reason, Exception? inner = null)
        : base($"failed to load NVML from {library}: {reason}. " +
               "Install the NVIDIA driver (it provides libnvidia-ml.so.1), pass --nvml-library PATH, or run with --simulate.", inner)
    {
        Library = library;
        Reason = reason;
    }

    /// <summary>The file name or path that was tried.</summary>
    public string Library { get; }

    /// <summary>The dynamic loader's explanation.</summary>
    public string Reason { get; }
}
