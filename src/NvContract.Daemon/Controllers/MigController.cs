using NvContract.Api.Generated;
using NvContract.Daemon.Responses;
using NvContract.Hosting;

namespace NvContract.Daemon.Controllers;

/// <summary>/v1.1/gpu/info and /v1.1/gpu/status, text and JSON: the v1.0 bodies with each GPU's MIG devices under it.</summary>
public sealed class MigController(ResponseBodies bodies) : MigControllerBase
{
    public override Task<IResult> GetGpuInfoV11(CancellationToken cancellationToken) => new EncodedBody(bodies.InfoTextV11(), EncodedBody.Text).AsTask();

    public override Task<IResult> GetGpuInfoJsonV11(CancellationToken cancellationToken) => new EncodedBody(bodies.InfoJsonV11(), EncodedBody.Json).AsTask();

    public override Task<IResult> GetGpuStatusV11(CancellationToken cancellationToken) => new EncodedBody(bodies.StatusTextV11(), EncodedBody.Text).AsTask();

    public override Task<IResult> GetGpuStatusJsonV11(CancellationToken cancellationToken) => new EncodedBody(bodies.StatusJsonV11(), EncodedBody.Json).AsTask();
}
