using Microsoft.AspNetCore.Mvc;
using NvContract.Api.Generated;
using NvContract.Core.Gpu;
using NvContract.Core.Output;

namespace NvContract.Daemon.Controllers;

/// <summary>/gpu/info and /gpu/status, text and JSON, under /v1.0 and unprefixed.</summary>
public sealed class GpuController(IGpuSource gpus, GpuStatusSampler statuses) : GpuControllerBase
{
    public override Task<ActionResult<string>> GetGpuInfo(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<string>>(GpuInfoText.Format(gpus.GetVersions(), gpus.Devices));

    public override Task<ActionResult<GpuInfo>> GetGpuInfoJson(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<GpuInfo>>(ApiMapping.ToGpuInfo(gpus.GetVersions(), gpus.Devices));

    public override Task<ActionResult<string>> GetGpuStatus(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<string>>(GpuStatusText.Format(gpus.Devices, statuses.Read()));

    public override Task<ActionResult<Api.Generated.GpuStatus>> GetGpuStatusJson(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<Api.Generated.GpuStatus>>(ApiMapping.ToGpuStatus(statuses.Read()));

    public override Task<ActionResult<string>> GetGpuInfoLatest(CancellationToken cancellationToken = default) => GetGpuInfo(cancellationToken);

    public override Task<ActionResult<GpuInfo>> GetGpuInfoJsonLatest(CancellationToken cancellationToken = default) => GetGpuInfoJson(cancellationToken);

    public override Task<ActionResult<string>> GetGpuStatusLatest(CancellationToken cancellationToken = default) => GetGpuStatus(cancellationToken);

    public override Task<ActionResult<Api.Generated.GpuStatus>> GetGpuStatusJsonLatest(CancellationToken cancellationToken = default) => GetGpuStatusJson(cancellationToken);
}
