using NvContract.Core.Gpu;
using NvContract.Core.Mig;
using NvContract.Core.Simulation;
using NvContract.Nvml;

namespace NvContract.DevicePlugin.Tests;

/// <summary>
/// The hgx-h100-mig profile with a layout a test can change: GPU 0 has 3g.40gb, 2g.20gb and two
/// 1g.10gb instances, GPU 1 seven 1g.10gb, GPU 2 is in MIG mode without instances, GPU 3 is whole.
/// It counts the layout reads that would be NVML calls on a real host, and can fail them as NVML
/// does when the driver stops answering.
/// </summary>
internal sealed class LayoutGpuSource : IGpuSource
{
    private readonly SimulatedGpuSource _profile = SimulatedGpuSource.Open("hgx-h100-mig");
    private int _migDeviceReads;
    private int _migModeReads;
    private int _failedReads;

    public LayoutGpuSource() => Layout = _profile.MigDevices;

    public IReadOnlyList<MigDevice> Layout { get; set; }

    /// <summary>While set, every layout read throws this NVML error (as a lost driver makes NVML do).</summary>
    public NvmlReturn? Failure { get; set; }

    /// <summary>How many layout reads threw <see cref="Failure"/>.</summary>
    public int FailedReads => Volatile.Read(ref _failedReads);

    /// <summary>How often <see cref="MigDevices"/> was read.</summary>
    public int MigDeviceReads => Volatile.Read(ref _migDeviceReads);

    /// <summary>How often a GPU's MIG mode was read.</summary>
    public int MigModeReads => Volatile.Read(ref _migModeReads);

    public IReadOnlyList<GpuDevice> Devices => _profile.Devices;

    public IReadOnlyList<MigDevice> MigDevices
    {
        get
        {
            Interlocked.Increment(ref _migDeviceReads);
            ThrowIfFailing("nvmlDeviceGetMigDeviceHandleByIndex");
            return Layout;
        }
    }

    public bool? IsMigEnabled(int index)
    {
        Interlocked.Increment(ref _migModeReads);
        ThrowIfFailing("nvmlDeviceGetMigMode");
        return _profile.IsMigEnabled(index);
    }

    public DriverVersions GetVersions() => _profile.GetVersions();

    public GpuStatus GetStatus(int index) => _profile.GetStatus(index);

    public void Dispose() => _profile.Dispose();

    private void ThrowIfFailing(string function)
    {
        if (Failure is { } failure)
        {
            Interlocked.Increment(ref _failedReads);
            throw new NvmlException(failure, function, $"{function}: nvml: {failure}");
        }
    }
}
