using NvContract.Core.Gpu;
using NvContract.Core.Health;
using NvContract.Core.Mig;
using NvContract.Nvml.Events;
using NvContract.Nvml.Interop;

namespace NvContract.Nvml.Adapter;

/// <summary>
/// The GPU source of a real host: NVML through <see cref="NvmlLibrary"/>. Devices are read once
/// at <see cref="Open"/>; versions and status are read live on every call. Immutable after open,
/// so status reads may run concurrently (NVML itself is thread-safe).
/// </summary>
public sealed class NvmlGpuSource : IGpuSource
{
    private readonly NvmlDevice[] _handles;
    private readonly Lock _migGate = new();
    private readonly TimeProvider _time;
    private IReadOnlyList<MigDevice> _migs = [];
    private bool?[] _migModes;
    private long _migsReadAt = long.MinValue;
    private int _disposed;

    private NvmlGpuSource(NvmlDevice[] handles, IReadOnlyList<GpuDevice> devices, TimeProvider time)
    {
        _handles = handles;
        Devices = devices;
        _time = time;
        _migModes = new bool?[handles.Length];
    }

    public IReadOnlyList<GpuDevice> Devices { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Read from NVML when the last read is older than <see cref="IGpuSource.MigLayoutMaxAge"/>
    /// (one call per GPU for its mode, about seven more per GPU in MIG mode); concurrent readers
    /// share one read. Unchanged layouts keep the same list, so callers may compare references.
    /// </remarks>
    public IReadOnlyList<MigDevice> MigDevices => ReadMigLayout().Devices;

    /// <inheritdoc />
    /// <remarks>
    /// The mode the latest layout read saw, as old as <see cref="MigDevices"/> may be: a caller
    /// that asks for both (the CDI spec every second, the device plugin, the v1.1 info) gets one
    /// consistent read instead of a second call per GPU, and a mode change shows within the same
    /// <see cref="IGpuSource.MigLayoutMaxAge"/> as the layout it brings.
    /// </remarks>
    public bool? IsMigEnabled(int index)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _handles.Length);
        return ReadMigLayout().Modes[index];
    }

    private (IReadOnlyList<MigDevice> Devices, bool?[] Modes) ReadMigLayout()
    {
        ThrowIfDisposed();
        lock (_migGate)
        {
            var now = _time.GetTimestamp();
            if (_migsReadAt != long.MinValue && _time.GetElapsedTime(_migsReadAt, now) < IGpuSource.MigLayoutMaxAge)
            {
                return (_migs, _migModes);
            }

            var (read, modes) = MigLayout.Read(_handles, Devices);
            if (!read.SequenceEqual(_migs))
            {
                _migs = read;
            }

            _migModes = modes;
            _migsReadAt = now;
            return (_migs, _migModes);
        }
    }

    /// <inheritdoc />
    /// <remarks>The instance's handle is looked up again by its UUID, never kept from the listing.</remarks>
    public MigStatus GetMigStatus(MigDevice mig)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(mig);
        if (mig.ParentIndex < 0 || mig.ParentIndex >= _handles.Length || MigLayout.Find(_handles[mig.ParentIndex], mig.Uuid) is not { } handle)
        {
            return MigStatus.Unknown;
        }

        return MigLayout.Status(handle);
    }

    /// <summary>Loads and initialises NVML, then discovers the devices (docs/v1-compatibility.md §5.1).</summary>
    /// <param name="libraryPath">The NVML library file; null to let the dynamic loader find <see cref="NvmlLibrary.Name"/>.</param>
    /// <param name="sysRoot">The root under which <c>/sys</c> is read for the devices' NUMA nodes.</param>
    /// <exception cref="NvmlLibraryNotFoundException">The library cannot be loaded.</exception>
    /// <exception cref="UnsupportedGpuDeviceException">A GPU has no UUID, minor number or PCI info.</exception>
    /// <exception cref="NvmlException">An NVML call failed (message <c>nvml: &lt;error string&gt;</c>).</exception>
    public static NvmlGpuSource Open(string? libraryPath = null, string sysRoot = "/") => Open(libraryPath, sysRoot, TimeProvider.System);

    /// <summary>As <see cref="Open(string?, string)"/>, with the clock that ages the MIG layout reads.</summary>
    internal static NvmlGpuSource Open(string? libraryPath, string sysRoot, TimeProvider time) =>
        Open(libraryPath, new DeviceDiscovery(sysRoot).Discover, time);

    /// <summary>
    /// Loads and initialises NVML and reads only each device's UUID, minor number and PCI bus id:
    /// what names devices and their nodes (a CDI spec). The other facts of <see cref="Devices"/>
    /// stay unknown; MIG, versions and status read as from <see cref="Open"/>.
    /// </summary>
    /// <param name="libraryPath">The NVML library file; null to let the dynamic loader find <see cref="NvmlLibrary.Name"/>.</param>
    /// <exception cref="NvmlLibraryNotFoundException">The library cannot be loaded.</exception>
    /// <exception cref="UnsupportedGpuDeviceException">A GPU has no UUID, minor number or PCI info.</exception>
    /// <exception cref="NvmlException">An NVML call failed (message <c>nvml: &lt;error string&gt;</c>).</exception>
    public static NvmlGpuSource OpenIdentities(string? libraryPath = null) =>
        Open(libraryPath, DeviceDiscovery.Identities, TimeProvider.System);

    /// <summary>Loads and initialises NVML, then describes its devices with <paramref name="discover"/>; NVML is released again if that fails.</summary>
    private static NvmlGpuSource Open(string? libraryPath, Func<NvmlDevice[], IReadOnlyList<GpuDevice>> discover, TimeProvider time)
    {
        NvmlLibrary.Acquire(libraryPath);
        try
        {
            var handles = DeviceDiscovery.Handles();
            return new NvmlGpuSource(handles, discover(handles), time);
        }
        catch
        {
            NvmlLibrary.Release();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Wraps nvmlSystemGetDriverVersion and nvmlSystemGetCudaDriverVersion_v2.</remarks>
    public DriverVersions GetVersions()
    {
        ThrowIfDisposed();
        var cuda = NvmlSystem.GetCudaDriverVersion();
        return new DriverVersions(NvmlSystem.GetDriverVersion(), cuda is { } v ? DriverVersions.FormatCuda(v) : null);
    }

    /// <inheritdoc />
    public GpuStatus GetStatus(int index)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _handles.Length);
        return StatusReader.Read(_handles[index]);
    }

    /// <inheritdoc />
    public GpuTelemetry GetTelemetry(int index)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _handles.Length);
        return TelemetryReader.Read(_handles[index]);
    }

    /// <inheritdoc />
    /// <remarks>Watches NVML's event sets (see the watcher); dispose the result before this source.</remarks>
    public IDisposable WatchHealth(GpuHealthMonitor monitor)
    {
        ThrowIfDisposed();
        return new NvmlHealthWatcher(_handles, monitor, TimeSpan.FromMilliseconds(250));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            NvmlLibrary.Release();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
