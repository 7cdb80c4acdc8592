namespace NvContract.Core.Topology;

/// <summary>
/// Chooses which GPUs a workload of several GPUs should get: of the sets of the requested size
/// that hold every required GPU, the one whose pairs score highest in total (the
/// <see cref="PairScoreMatrix"/>); among equal totals, the one spread over the fewest NUMA nodes;
/// then the one with the lowest indices, so the answer is always the same.
/// </summary>
/// <remarks>
/// Every candidate set is scored while there are at most <see cref="ExhaustiveLimit"/> of them
/// (every request on an 8- or 16-GPU host). Past that, the set is grown greedily: each step adds
/// the GPU that adds the most score, with the same tie-breaks, then the GPU best linked to the
/// GPUs still left.
/// </remarks>
public static class PreferredSet
{
    /// <summary>The most candidate sets scored one by one.</summary>
    public const long ExhaustiveLimit = 200_000;

    /// <summary>The chosen GPUs, sorted by index.</summary>
    /// <param name="available">The GPUs that may be chosen.</param>
    /// <param name="required">The GPUs the answer must hold (they count as available).</param>
    /// <exception cref="ArgumentException">The size is below the required GPUs or above the available ones, or an index is outside the matrix.</exception>
    public static IReadOnlyList<int> Choose(PairScoreMatrix matrix, IEnumerable<int> available, IEnumerable<int> required, int size)
    {
        var must = required.Distinct().Order().ToArray();
        var pool = available.Except(must).Distinct().Order().ToArray();
        if (must.Concat(pool).Any(i => i < 0 || i >= matrix.Count))
        {
            throw new ArgumentException($"a GPU index is outside 0..{matrix.Count - 1}");
        }

        if (size < must.Length || size > must.Length + pool.Length)
        {
            throw new ArgumentException($"cannot choose {size} GPUs from {must.Length + pool.Length} available with {must.Length} required");
        }

        var free = size - must.Length;
        return Combinations(pool.Length, free) <= ExhaustiveLimit ? Exhaustive(matrix, must, pool, free) : Greedy(matrix, must, pool, free);
    }

    private static int[] Exhaustive(PairScoreMatrix matrix, int[] must, int[] pool, int free)
    {
        int[]? best = null;
        var pick = new int[free];
        var set = new int[must.Length + free];
        must.CopyTo(set, 0);

        // Lexicographic order over the pool, so a later set wins only when it is strictly better.
        for (var k = 0; k < free; k++)
        {
            pick[k] = k;
        }

        while (true)
        {
            for (var k = 0; k < free; k++)
            {
                set[must.Length + k] = pool[pick[k]];
            }

            if (best is null || IsBetter(matrix, set, best))
            {
                best = (int[])set.Clone();
            }

            var i = free - 1;
            while (i >= 0 && pick[i] == pool.Length - free + i)
            {
                i--;
            }

            if (i < 0)
            {
                break;
            }

            pick[i]++;
            for (var k = i + 1; k < free; k++)
            {
                pick[k] = pick[k - 1] + 1;
            }
        }

        Array.Sort(best);
        return best;
    }

    private static int[] Greedy(PairScoreMatrix matrix, int[] must, int[] pool, int free)
    {
        var set = new List<int>(must);
        var left = new List<int>(pool);
        for (var step = 0; step < free; step++)
        {
            int[]? best = null;
            var (bestAt, bestReach) = (-1, -1);
            for (var c = 0; c < left.Count; c++)
            {
                var candidate = set.Append(left[c]).ToArray();
                // While the set links nothing yet, the GPU best linked to the rest of the pool leads.
                var reach = left.Sum(other => matrix[left[c], other]);
                if (best is null || IsBetter(matrix, candidate, best) || (!IsBetter(matrix, best, candidate) && reach > bestReach))
                {
                    (best, bestAt, bestReach) = (candidate, c, reach);
                }
            }

            set.Add(left[bestAt]);
            left.RemoveAt(bestAt);
        }

        set.Sort();
        return [.. set];
    }

    /// <summary>Higher total score; then fewer NUMA nodes. Equal sets keep the earlier one.</summary>
    private static bool IsBetter(PairScoreMatrix matrix, int[] candidate, int[] best)
    {
        var (a, b) = (matrix.ScoreOf(candidate), matrix.ScoreOf(best));
        if (a != b)
        {
            return a > b;
        }

        return NumaSpread(matrix, candidate) < NumaSpread(matrix, best);
    }

    private static int NumaSpread(PairScoreMatrix matrix, int[] set) => set.Select(i => matrix.NumaNodes[i]).Distinct().Count();

    private static long Combinations(int n, int k)
    {
        long result = 1;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
            if (result > ExhaustiveLimit)
            {
                return result;
            }
        }

        return result;
    }
}
