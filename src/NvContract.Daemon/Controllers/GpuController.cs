using NvContract.Api.Generated;
using NvContract.Daemon.Responses;
using NvContract.Hosting;

namespace NvContract.Daemon.Controllers;

/// <summary>/gpu/info and /gpu/status, text and JSON, under /v1.0 and unprefixed.</summary>
public sealed class GpuController(ResponseBodies bodies) : GpuControllerBase
{
    public override Task<IResult> GetGpuInfo(CancellationToken cancellationToken) => new EncodedBody(bodies.InfoText(), EncodedBody.Text).AsTask();

    public override Task<IResult> GetGpuInfoJson(CancellationToken cancellationToken) => new EncodedBody(bodies.InfoJson(), EncodedBody.Json).AsTask();

    public override Task<IResult> GetGpuStatus(CancellationToken cancellationToken) => new EncodedBody(bodies.StatusText(), EncodedBody.Text).AsTask();

    public override Task<IResult> GetGpuStatusJson(CancellationToken cancellationToken) => new EncodedBody(bodies.StatusJson(), EncodedBody.Json).AsTask();

    public override Task<IResult> GetGpuInfoLatest(CancellationToken cancellationToken) => GetGpuInfo(cancellationToken);

    public override Task<IResult> GetGpuInfoJsonLatest(CancellationToken cancellationToken) => GetGpuInfoJson(cancellationToken);

    public override Task<IResult> GetGpuStatusLatest(CancellationToken cancellationToken) => GetGpuStatus(cancellationToken);

    public override Task<IResult> GetGpuStatusJsonLatest(CancellationToken cancellationToken) => GetGpuStatusJson(cancellationToken);
}
