using Microsoft.AspNetCore.Mvc;
using NvContract.Api.Generated;

namespace NvContract.Daemon.Controllers;

/// <summary>/gpu/info and /gpu/status, text and JSON, under /v1.0 and unprefixed.</summary>
public sealed class GpuController(ResponseBodies bodies) : GpuControllerBase
{
    public override Task<ActionResult<string>> GetGpuInfo(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<string>>(new EncodedBody(bodies.InfoText(), EncodedBody.Text));

    public override Task<ActionResult<GpuInfo>> GetGpuInfoJson(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<GpuInfo>>(new EncodedBody(bodies.InfoJson(), EncodedBody.Json));

    public override Task<ActionResult<string>> GetGpuStatus(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<string>>(new EncodedBody(bodies.StatusText(), EncodedBody.Text));

    public override Task<ActionResult<GpuStatus>> GetGpuStatusJson(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<GpuStatus>>(new EncodedBody(bodies.StatusJson(), EncodedBody.Json));

    public override Task<ActionResult<string>> GetGpuInfoLatest(CancellationToken cancellationToken = default) => GetGpuInfo(cancellationToken);

    public override Task<ActionResult<GpuInfo>> GetGpuInfoJsonLatest(CancellationToken cancellationToken = default) => GetGpuInfoJson(cancellationToken);

    public override Task<ActionResult<string>> GetGpuStatusLatest(CancellationToken cancellationToken = default) => GetGpuStatus(cancellationToken);

    public override Task<ActionResult<GpuStatus>> GetGpuStatusJsonLatest(CancellationToken cancellationToken = default) => GetGpuStatusJson(cancellationToken);
}
