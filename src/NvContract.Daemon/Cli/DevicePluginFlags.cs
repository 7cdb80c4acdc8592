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
}
