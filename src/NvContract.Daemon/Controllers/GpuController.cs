using Microsoft.AspNetCore.Mvc;
using NvContract.Api.Generated;
using NvContract.Core.Gpu;
using NvContract.Core.Output;

namespace NvContract.Daemon.Controllers;

/// <summary>/gpu/info and /gpu/status, text and JSON, under /v1.0 and unprefixed.</summary>
public sealed class GpuController(IGpuSource gpus) : GpuControllerBase
{
    public override Task<ActionResult<string>> GetGpuInfo(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<string>>(GpuInfoText.Format(gpus.GetVersions(), gpus.Devices));

    public override Task<ActionResult<GpuInfo>> GetGpuInfoJson(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<GpuInfo>>(ApiMapping.ToGpuInfo(gpus.GetVersions(), gpus.Devices));

    public override Task<ActionResult<string>> GetGpuStatus(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<string>>(GpuStatusText.Format(gpus.Devices, ReadStatuses()));

    public override Task<ActionResult<Api.Generated.GpuStatus>> GetGpuStatusJson(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<Api.Generated.GpuStatus>>(ApiMapping.ToGpuStatus(ReadStatuses()));

    public override Task<ActionResult<string>> GetGpuInfoLatest(CancellationToken cancellationToken = default) => GetGpuInfo(cancellationToken);

    public override Task<ActionResult<GpuInfo>> GetGpuInfoJsonLatest(CancellationToken cancellationToken = default) => GetGpuInfoJson(cancellationToken);

    public override Task<ActionResult<string>> GetGpuStatusLatest(CancellationToken cancellationToken = default) => GetGpuStatus(cancellationToken);

    public override Task<ActionResult<Api.Generated.GpuStatus>> GetGpuStatusJsonLatest(CancellationToken cancellationToken = default) => GetGpuStatusJson(cancellationToken);

    private Core.Gpu.GpuStatus[] ReadStatuses()
    {
        var statuses = new Core.Gpu.GpuStatus[gpus.Devices.Count];
        for (var i = 0; i < statuses.Length; i++)
        {
            statuses[i] = gpus.GetStatus(i);
        }

        return statuses;
    }
}
