namespace NvContract.Core.Health;

/// <summary>What an Xid asks for, as NVIDIA's Xid catalog names its immediate actions.</summary>
public enum XidAction
{
    /// <summary>IGNORE: informational; the GPU stays as it was.</summary>
    Ignore,

    /// <summary>RESTART_APP: the application must restart; the GPU is Degraded, not unhealthy.</summary>
    RestartApp,

    /// <summary>RESET_GPU: the GPU needs a reset.</summary>
    ResetGpu,

    /// <summary>RESTART_BM: the node (bare metal) needs a reboot.</summary>
    RestartBm,
}

public static class XidActions
{
    /// <summary>The catalog's name, e.g. <c>RESET_GPU</c>: the spelling in policy files and metrics.</summary>
    public static string Name(this XidAction action) => action switch
    {
        XidAction.Ignore => "IGNORE",
        XidAction.RestartApp => "RESTART_APP",
        XidAction.ResetGpu => "RESET_GPU",
        _ => "RESTART_BM",
    };

    public static bool TryParse(string name, out XidAction action)
    {
        foreach (var candidate in Enum.GetValues<XidAction>())
        {
            if (candidate.Name() == name)
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }

    /// <summary>The state an Xid with this action puts a healthy GPU in.</summary>
    public static GpuHealthState State(this XidAction action) => action switch
    {
        XidAction.Ignore => GpuHealthState.Healthy,
        XidAction.RestartApp => GpuHealthState.Degraded,
        XidAction.ResetGpu => GpuHealthState.NeedsReset,
        _ => GpuHealthState.NeedsReboot,
    };
}
