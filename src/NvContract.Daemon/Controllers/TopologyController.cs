using NvContract.Api.Generated;
using NvContract.Core.Gpu;
using NvContract.Core.Output;
using NvContract.Core.Topology;
using NvContract.Daemon.Responses;
using NvContract.Hosting;

namespace NvContract.Daemon.Controllers;

/// <summary>/v1.1/gpu/topology/scores/json: the pair scores the device plugin chooses preferred allocations from.</summary>
public sealed class TopologyController(IGpuSource gpus) : TopologyControllerBase
{
    // Devices and their links are read once at start-up, so the body never changes.
    private readonly Lazy<byte[]> _body = new(() => JsonLine.Serialize(ToPairScores(gpus.Devices), V1Json.Types.GpuPairScores));

    public override Task<IResult> GetGpuPairScores(CancellationToken cancellationToken) => new EncodedBody(_body.Value, EncodedBody.Json).AsTask();

    public static GpuPairScores ToPairScores(IReadOnlyList<GpuDevice> devices)
    {
        var matrix = PairScoreMatrix.From(devices);
        return new GpuPairScores
        {
            Devices = devices.Select((d, i) => new TopologyDevice { Index = i, UUID = d.Uuid, NumaNode = matrix.NumaNodes[i] }).ToList(),
            Scores = Enumerable.Range(0, matrix.Count).Select(a => Enumerable.Range(0, matrix.Count).Select(b => matrix[a, b]).ToList()).ToList(),
        };
    }
}
