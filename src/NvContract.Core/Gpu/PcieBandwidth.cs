namespace NvContract.Core.Gpu;

/// <summary>PCIe link bandwidth per direction, the way v1 reported it (per-lane rate × width).</summary>
public static class PcieBandwidth
{
    /// <summary>
    /// MB/s per lane after line coding: v1's table for gen 1–4 (250, 500, 985, 1969), extended with
    /// gen 5 (32 GT/s, 128b/130b) and gen 6 (64 GT/s, 242/256 FLIT). Null for any other generation;
    /// v1 printed 0 there.
    /// </summary>
    public static long? PerLaneMBs(int generation) => generation switch
    {
        1 => 250,
        2 => 500,
        3 => 985,
        4 => 1969,
        5 => 3938,
        6 => 7563,
        _ => null,
    };

    /// <summary>Bandwidth of a link of <paramref name="generation"/> and <paramref name="width"/> lanes; null when unknown.</summary>
    public static long? Of(int? generation, int? width) =>
        generation is { } g && width is { } w && PerLaneMBs(g) is { } perLane ? perLane * w : null;
}
