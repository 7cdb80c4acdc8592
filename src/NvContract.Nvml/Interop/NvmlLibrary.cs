using System.Reflection;
using System.Runtime.InteropServices;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Interop;

/// <summary>
/// Where NVML comes from, and its process-wide lifetime: one library per process, initialised
/// once and shut down when the last user releases it (go-nvml's refcount.go idea).
/// </summary>
public static class NvmlLibrary
{
    /// <summary>The driver's SONAME; real installs often ship no unversioned libnvidia-ml.so.</summary>
    public const string Name = "libnvidia-ml.so.1";

    private static readonly Lock Gate = new();
    private static nint _handle;
    private static string? _loadedFrom;
    private static int _users;

    static NvmlLibrary()
    {
        // The one resolver hook: every generated import names Name and gets the loaded handle.
        NativeLibrary.SetDllImportResolver(typeof(NvmlLibrary).Assembly, Resolve);
    }

    /// <summary>The file NVML was loaded from (the bare SONAME when the loader searched); null before the first load.</summary>
    public static string? LoadedFrom
    {
        get
        {
            lock (Gate)
            {
                return _loadedFrom;
            }
        }
    }

    /// <summary>
    /// Loads the library (once per process) and initialises NVML when this is the first user.
    /// </summary>
    /// <param name="libraryPath">A file path, or null to let the dynamic loader find <see cref="Name"/>.</param>
    /// <exception cref="NvmlLibraryNotFoundException">The library cannot be loaded.</exception>
    /// <exception cref="NvmlException">nvmlInit_v2 failed.</exception>
    internal static void Acquire(string? libraryPath)
    {
        lock (Gate)
        {
            Load(libraryPath ?? Name);
            if (_users == 0)
            {
                NvmlStatus.ThrowIfFailed(NvmlNative.nvmlInit_v2(), "nvmlInit_v2");
            }

            _users++;
        }
    }

    /// <summary>Drops one user; the last one shuts NVML down. The library itself stays mapped.</summary>
    internal static void Release()
    {
        lock (Gate)
        {
            if (_users == 0)
            {
                return;
            }

            _users--;
            if (_users == 0)
            {
                // A failing shutdown leaves nothing to recover; the next Acquire initialises again.
                _ = NvmlNative.nvmlShutdown();
            }
        }
    }

    private static void Load(string library)
    {
        if (_handle != 0 && string.Equals(library, _loadedFrom, StringComparison.Ordinal))
        {
            return;
        }

        nint handle;
        try
        {
            // A bare name goes through the dynamic loader (ld.so.cache, LD_LIBRARY_PATH); a path is opened as is.
            handle = NativeLibrary.Load(library);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new NvmlLibraryNotFoundException(library, LoaderReason(e.Message), e);
        }

        if (_handle == 0)
        {
            _handle = handle;
            _loadedFrom = library;
        }
        else if (handle != _handle)
        {
            // The runtime binds each import once, so a second library cannot replace the first.
            NativeLibrary.Free(handle);
            throw new InvalidOperationException($"NVML is already loaded from {_loadedFrom}; cannot switch to {library} in the same process");
        }
    }

    // The runtime's message is a generic first line ("Unable to load shared library ... LD_DEBUG
    // environment variable:") followed by dlerror()'s text for each name it tried: keep the latter.
    private static string LoaderReason(string message)
    {
        var reasons = message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Skip(1).Distinct().ToArray();
        return reasons.Length > 0 ? string.Join("; ", reasons) : message.Trim();
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Name)
        {
            return 0;
        }

        lock (Gate)
        {
            return _handle != 0 ? _handle : throw new InvalidOperationException("NVML is used before NvmlLibrary loaded it");
        }
    }
}
