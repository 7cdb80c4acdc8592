using NvContract.Core.Gpu;
using NvContract.Core.Topology;
using NvContract.Testing;

namespace NvContract.Core.Tests.Topology;

public class PreferredSetTests
{
    private static readonly PairScoreMatrix FourGpus = PairScoreMatrix.From(FakeTopology.BestPairIsTwoAndThree());

    public static TheoryData<int[], int[], int, int[], string> Cases => new()
    {
        { [0, 1, 2, 3], [], 2, [2, 3], "the best pair is not the lowest indices" },
        { [0, 1, 3], [], 2, [0, 1], "without GPU 2 the host-bridge pair wins" },
        { [0, 1, 2, 3], [0], 2, [0, 1], "a required GPU takes its best partner" },
        { [0, 1, 2, 3], [2], 1, [2], "only the required GPU" },
        { [0, 1, 2, 3], [], 3, [0, 2, 3], "three GPUs: the board pair plus the lowest cross-CPU one" },
        { [0, 1, 2, 3], [], 4, [0, 1, 2, 3], "every GPU" },
        { [1, 0, 3, 2, 3], [], 2, [2, 3], "order and duplicates in the request do not matter" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Choose_FourGpuTopology_PicksTheBestScoringSet(int[] available, int[] required, int size, int[] expected, string description)
    {
        Assert.True(expected.SequenceEqual(PreferredSet.Choose(FourGpus, available, required, size)), description);
    }

    [Fact]
    public void Choose_EqualScores_PrefersTheSetOnFewerNumaNodes()
    {
        // Every pair crosses CPUs alike; only NUMA locality tells 1+2 (both on node 1) apart.
        var matrix = PairScoreMatrix.From(FakeTopology.Build(
            [0, 1, 1, 2],
            (0, 1, P2PLinkType.CrossCpu), (0, 2, P2PLinkType.CrossCpu), (0, 3, P2PLinkType.CrossCpu),
            (1, 2, P2PLinkType.CrossCpu), (1, 3, P2PLinkType.CrossCpu), (2, 3, P2PLinkType.CrossCpu)));

        Assert.Equal([1, 2], PreferredSet.Choose(matrix, [0, 1, 2, 3], [], 2));
    }

    [Fact]
    public void Choose_PairWithoutPeerToPeer_ScoresBelowAnyLink()
    {
        // 0-1 have no P2P at all; 0-2 cross CPUs, the worst link there is, and still wins.
        var matrix = PairScoreMatrix.From(FakeTopology.Build([0, 0, 1], (0, 2, P2PLinkType.CrossCpu)));

        Assert.Equal([0, 2], PreferredSet.Choose(matrix, [0, 1, 2], [0], 2));
    }

    [Fact]
    public void Choose_ManyGpus_GrowsGreedilyAndStillFindsTheLinkedGroup()
    {
        // 40 GPUs, 20 wanted: C(40,20) is past the exhaustive limit. GPUs 20-39 share a board.
        var links = new List<(int, int, P2PLinkType)>();
        for (var a = 20; a < 40; a++)
        {
            for (var b = a + 1; b < 40; b++)
            {
                links.Add((a, b, P2PLinkType.SameBoard));
            }
        }

        var matrix = PairScoreMatrix.From(FakeTopology.Build(new int[40], [.. links]));

        Assert.Equal(Enumerable.Range(20, 20), PreferredSet.Choose(matrix, Enumerable.Range(0, 40), [], 20));
    }

    [Theory]
    [InlineData(5, "more than available")]
    [InlineData(0, "fewer than required")]
    public void Choose_ImpossibleSize_Throws(int size, string description)
    {
        var error = Assert.Throws<ArgumentException>(() => PreferredSet.Choose(FourGpus, [0, 1, 2, 3], [1], size));
        Assert.StartsWith($"cannot choose {size} GPUs from 4 available with 1 required", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(description);
    }

    [Fact]
    public void Choose_IndexOutsideTheMatrix_Throws()
    {
        Assert.Throws<ArgumentException>(() => PreferredSet.Choose(FourGpus, [0, 4], [], 1));
    }
}
