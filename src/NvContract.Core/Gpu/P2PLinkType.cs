namespace NvContract.Core.Gpu;

/// <summary>
/// v1's peer-to-peer link codes (docs/v1-compatibility.md §4.3), mapped from NVML's topology levels.
/// The numeric values are on the wire; do not renumber.
/// </summary>
public enum P2PLinkType
{
    Unknown = 0,
    CrossCpu = 1,
    SameCpu = 2,
    HostBridge = 3,
    MultipleSwitches = 4,
    SingleSwitch = 5,
    SameBoard = 6,
}

public static class P2PLinkTypeExtensions
{
    /// <summary>The label v1 prints in <c>/gpu/info</c>; unknown links print N/A.</summary>
    public static string Describe(this P2PLinkType link) => link switch
    {
        P2PLinkType.CrossCpu => "Cross CPU socket",
        P2PLinkType.SameCpu => "Same CPU socket",
        P2PLinkType.HostBridge => "Host PCI bridge",
        P2PLinkType.MultipleSwitches => "Multiple PCI switches",
        P2PLinkType.SingleSwitch => "Single PCI switch",
        P2PLinkType.SameBoard => "Same board",
        _ => "N/A",
    };
}
