using NvContract.DevicePlugin;

namespace NvContract.Daemon.Cli;

/// <summary>The device plugin's flag values.</summary>
internal static class DevicePluginFlags
{
    /// <exception cref="FormatException">Neither <c>cdi</c> nor <c>legacy</c>.</exception>
    public static AllocationForm ParseAllocation(string value) => value switch
    {
        "cdi" => AllocationForm.Cdi,
        "legacy" => AllocationForm.Legacy,
        _ => throw new FormatException($"invalid value \"{value}\" for flag -device-plugin-allocation: expected cdi or legacy"),
    };

    /// <exception cref="FormatException">Not <c>none</c>, <c>single</c> or <c>mixed</c>.</exception>
    public static MigStrategy ParseMigStrategy(string value) => value switch
    {
        "none" => MigStrategy.None,
        "single" => MigStrategy.Single,
        "mixed" => MigStrategy.Mixed,
        _ => throw new FormatException($"invalid value \"{value}\" for flag -mig-strategy: expected none, single or mixed"),
    };
}
