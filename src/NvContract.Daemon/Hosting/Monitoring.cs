using NvContract.Core.Gpu;
using NvContract.Core.Health;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// What <c>/metrics</c> and <c>/v1.1/gpu/health</c> serve from: the health monitor (fed by the
/// GPU source's event watch while this lives) and where <c>/proc</c> is read.
/// </summary>
public sealed class Monitoring : IDisposable
{
    private readonly IDisposable _watch;

    private Monitoring(GpuHealthMonitor health, IDisposable watch, string procRoot)
    {
        Health = health;
        _watch = watch;
        ProcRoot = procRoot;
    }

    public GpuHealthMonitor Health { get; }

    public string ProcRoot { get; }

    /// <summary>Creates the monitor and starts the source's health watch.</summary>
    /// <exception cref="InvalidHealthPolicyException">The policy file does not parse.</exception>
    /// <exception cref="IOException">The policy file cannot be read.</exception>
    public static Monitoring Start(IGpuSource gpus, ILogger logger, string? policyFile = null, TimeSpan quietPeriod = default, string procRoot = "/")
    {
        var health = new GpuHealthMonitor(gpus.Devices.Select(d => d.Uuid).ToList(), XidPolicy.Load(policyFile), quietPeriod, logger);
        try
        {
            return new Monitoring(health, gpus.WatchHealth(health), procRoot);
        }
        catch
        {
            health.Dispose();
            throw;
        }
    }

    /// <summary>Stops the watch, then the monitor's timers.</summary>
    public void Dispose()
    {
        _watch.Dispose();
        Health.Dispose();
    }
}
