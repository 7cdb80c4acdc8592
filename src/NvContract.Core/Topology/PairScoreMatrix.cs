using NvContract.Core.Gpu;

namespace NvContract.Core.Topology;

/// <summary>
/// The <see cref="PairScore"/> of every pair of GPUs, in NVML index order, and each GPU's NUMA
/// node: everything a preferred allocation is chosen from. Symmetric; the diagonal is 0.
/// </summary>
public sealed class PairScoreMatrix
{
    private readonly int[,] _scores;

    public PairScoreMatrix(int[,] scores, IReadOnlyList<int> numaNodes)
    {
        if (scores.GetLength(0) != scores.GetLength(1) || scores.GetLength(0) != numaNodes.Count)
        {
            throw new ArgumentException("the score matrix must be square, one row per NUMA node entry", nameof(scores));
        }

        _scores = scores;
        NumaNodes = numaNodes;
    }

    /// <summary>How many GPUs the matrix covers.</summary>
    public int Count => NumaNodes.Count;

    /// <summary>Each GPU's NUMA node.</summary>
    public IReadOnlyList<int> NumaNodes { get; }

    public int this[int a, int b] => _scores[a, b];

    /// <summary>
    /// The matrix of the devices' peer links (<see cref="GpuDevice.Peers"/>, matched by PCI bus
    /// id). A pair either side lists is scored from that link; a pair neither lists has no
    /// peer-to-peer and scores 0.
    /// </summary>
    public static PairScoreMatrix From(IReadOnlyList<GpuDevice> devices)
    {
        var n = devices.Count;
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < n; i++)
        {
            index.TryAdd(devices[i].Pci.BusId, i);
        }

        var scores = new int[n, n];
        for (var i = 0; i < n; i++)
        {
            foreach (var peer in devices[i].Peers)
            {
                if (index.TryGetValue(peer.BusId, out var j) && j != i)
                {
                    var score = PairScore.Of(peer.Link);
                    scores[i, j] = Math.Max(scores[i, j], score);
                    scores[j, i] = Math.Max(scores[j, i], score);
                }
            }
        }

        return new PairScoreMatrix(scores, devices.Select(d => d.CpuAffinity).ToArray());
    }

    /// <summary>The sum of the scores of every pair in <paramref name="set"/>.</summary>
    public int ScoreOf(IReadOnlyList<int> set)
    {
        var total = 0;
        for (var a = 0; a < set.Count; a++)
        {
            for (var b = a + 1; b < set.Count; b++)
            {
                total += _scores[set[a], set[b]];
            }
        }

        return total;
    }
}
