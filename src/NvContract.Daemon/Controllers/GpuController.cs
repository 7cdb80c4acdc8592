using NvContract.Api.Generated;

namespace NvContract.Daemon.Controllers;

/// <summary>/gpu/info and /gpu/status, text and JSON, under /v1.0 and unprefixed; under /v1.1 with MIG devices.</summary>
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

    public override Task<IResult> GetGpuInfoV11(CancellationToken cancellationToken) => new EncodedBody(bodies.InfoTextV11(), EncodedBody.Text).AsTask();

    public override Task<IResult> GetGpuInfoJsonV11(CancellationToken cancellationToken) => new EncodedBody(bodies.InfoJsonV11(), EncodedBody.Json).AsTask();

    public override Task<IResult> GetGpuStatusV11(CancellationToken cancellationToken) => new EncodedBody(bodies.StatusTextV11(), EncodedBody.Text).AsTask();

    public override Task<IResult> GetGpuStatusJsonV11(CancellationToken cancellationToken) => new EncodedBody(bodies.StatusJsonV11(), EncodedBody.Json).AsTask();
}
