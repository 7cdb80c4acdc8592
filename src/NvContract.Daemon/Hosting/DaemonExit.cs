namespace NvContract.Daemon.Hosting;

/// <summary>How a run of the daemon ended: v1's exit codes, or a request to start again in place.</summary>
public sealed record DaemonExit(int Code, bool StartAgain)
{
    public static readonly DaemonExit Success = new(0, false);

    public static readonly DaemonExit Failure = new(1, false);

    public static readonly DaemonExit Restart = new(0, true);
}
