using System.Runtime.InteropServices;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// SIGINT and SIGTERM as a task. Registered before any socket listens, so that a signal sent as
/// soon as the daemon answers (a service manager, a test) is never left to the default action.
/// The shutdown that follows runs on the thread pool, never inside the runtime's signal callback.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    public StopSignals()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Completes at the first SIGINT or SIGTERM.</summary>
    public Task Received => _received.Task;

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        // The daemon stops in order (logs, socket removal, exit code 0) instead of being killed.
        context.Cancel = true;
        _received.TrySetResult();
    }
}
