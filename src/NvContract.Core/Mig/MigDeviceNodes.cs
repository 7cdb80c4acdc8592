using System.Globalization;

namespace NvContract.Core.Mig;

/// <summary>
/// The device nodes a container needs to run CUDA on one MIG device: the parent GPU's
/// <c>/dev/nvidia&lt;minor&gt;</c>, then the access nodes of its GPU instance and compute instance,
/// <c>/dev/nvidia-caps/nvidia-cap&lt;N&gt;</c>, with N from <see cref="MigMinors"/>. The control
/// nodes (<c>/dev/nvidiactl</c>, <c>/dev/nvidia-uvm</c>, ...) come from <see cref="Docker.DeviceNodes"/>
/// as for any GPU. The paths are container paths; <see cref="Docker.DeviceNodes"/> maps them onto
/// the host's device root.
/// </summary>
/// <param name="procRoot">The root under which <c>/proc</c> is read (<c>--proc-root</c>).</param>
public sealed class MigDeviceNodes(string procRoot)
{
    /// <summary>The root under which <c>/proc</c> is read.</summary>
    public string ProcRoot { get; } = procRoot;

    /// <summary>Where the access nodes live.</summary>
    public const string CapsDirectory = "/dev/nvidia-caps";

    /// <summary>The node paths of <paramref name="mig"/>, parent first.</summary>
    /// <exception cref="MigCapabilityNotFoundException">The driver's table lacks the instance (destroyed, or MIG support not loaded).</exception>
    public IReadOnlyList<string> Paths(MigDevice mig) => Paths(mig, MigMinors.Read(ProcRoot));

    /// <summary>The node paths of several MIG devices, reading the driver's table once.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Paths(IReadOnlyList<MigDevice> migs)
    {
        var table = MigMinors.Read(ProcRoot);
        return migs.Select(m => Paths(m, table)).ToList();
    }

    /// <summary>The node paths of <paramref name="mig"/>, parent first, from a table <see cref="MigMinors.Read"/> gave.</summary>
    /// <exception cref="MigCapabilityNotFoundException">The table lacks the instance.</exception>
    public IReadOnlyList<string> Paths(MigDevice mig, IReadOnlyDictionary<string, uint> table) =>
    [
        mig.ParentPath,
        CapPath(MigMinors.GpuInstanceCapability(mig), mig, table),
        CapPath(MigMinors.ComputeInstanceCapability(mig), mig, table),
    ];

    /// <summary>
    /// As <see cref="Paths(MigDevice, IReadOnlyDictionary{string, uint})"/>, but a capability the
    /// table lacks gives null and <paramref name="problem"/> (what is missing; the caller names the device) rather than
    /// an exception: a spec leaves such devices out, and a one-shot process would pay a stack
    /// unwind for each.
    /// </summary>
    public IReadOnlyList<string>? TryPaths(MigDevice mig, IReadOnlyDictionary<string, uint> table, out string? problem)
    {
        foreach (var capability in (ReadOnlySpan<string>)[MigMinors.GpuInstanceCapability(mig), MigMinors.ComputeInstanceCapability(mig)])
        {
            if (!table.ContainsKey(capability))
            {
                problem = MigCapabilityNotFoundException.Reason(capability, MigMinors.FilePath(ProcRoot));
                return null;
            }
        }

        problem = null;
        return Paths(mig, table);
    }

    private string CapPath(string capability, MigDevice mig, IReadOnlyDictionary<string, uint> table) =>
        table.TryGetValue(capability, out var minor)
            ? string.Create(CultureInfo.InvariantCulture, $"{CapsDirectory}/nvidia-cap{minor}")
            : throw new MigCapabilityNotFoundException(mig, capability, MigMinors.FilePath(ProcRoot));
}
