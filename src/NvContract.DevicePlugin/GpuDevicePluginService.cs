using Grpc.Core;
using Microsoft.Extensions.Hosting;
using NvContract.Core.Topology;
using NvContract.DevicePlugin.V1Beta1;

namespace NvContract.DevicePlugin;

/// <summary>
/// The kubelet's DevicePlugin service over the daemon's GPUs: device IDs are GPU UUIDs, health
/// comes from the <see cref="DeviceAdvertiser"/>, preferred allocations from the pair scores.
/// </summary>
public sealed class GpuDevicePluginService(
    DeviceAdvertiser advertiser,
    PairScoreMatrix scores,
    ContainerAllocator allocator,
    IHostApplicationLifetime lifetime) : V1Beta1.DevicePlugin.DevicePluginBase
{
    /// <summary>What the plugin registers with: preferred allocation, no PreStartContainer.</summary>
    public static DevicePluginOptions Options => new() { PreStartRequired = false, GetPreferredAllocationAvailable = true };

    public override Task<DevicePluginOptions> GetDevicePluginOptions(Empty request, ServerCallContext context) => Task.FromResult(Options);

    /// <summary>Sends the full list at once and again after every change, until the kubelet or the host ends the stream.</summary>
    public override async Task ListAndWatch(Empty request, IServerStreamWriter<ListAndWatchResponse> responseStream, ServerCallContext context)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var sent = -1L;
        try
        {
            while (!ended.IsCancellationRequested)
            {
                var current = advertiser.Current;
                if (current.Version != sent)
                {
                    await responseStream.WriteAsync(ToResponse(current), ended.Token);
                    sent = current.Version;
                }

                await advertiser.WaitForChangeAsync(sent, ended.Token);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The kubelet went away, or the host is stopping: the stream just ends.
        }
    }

    public override Task<PreferredAllocationResponse> GetPreferredAllocation(PreferredAllocationRequest request, ServerCallContext context)
    {
        var current = advertiser.Current;
        var response = new PreferredAllocationResponse();
        foreach (var container in request.ContainerRequests)
        {
            var answer = new ContainerPreferredAllocationResponse();
            if (current.Devices.Any(d => d.Mig is not null))
            {
                // MIG devices: no pair scores between instances; the required ones, then the available ones in order.
                var ids = Find(current, container.MustIncludeDeviceIDs, requireHealthy: false).Concat(Find(current, container.AvailableDeviceIDs, requireHealthy: false))
                    .Select(d => d.Uuid).Distinct(StringComparer.Ordinal).Take(container.AllocationSize);
                answer.DeviceIDs.AddRange(ids);
                response.ContainerResponses.Add(answer);
                continue;
            }

            var available = Indices(current, container.AvailableDeviceIDs, requireHealthy: false);
            var required = Indices(current, container.MustIncludeDeviceIDs, requireHealthy: false);
            IReadOnlyList<int> chosen;
            try
            {
                chosen = PreferredSet.Choose(scores, available, required, container.AllocationSize);
            }
            catch (ArgumentException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
            }

            answer.DeviceIDs.AddRange(chosen.Select(i => current.Devices[i].Uuid));
            response.ContainerResponses.Add(answer);
        }

        return Task.FromResult(response);
    }

    public override async Task<AllocateResponse> Allocate(AllocateRequest request, ServerCallContext context)
    {
        var current = advertiser.Current;
        var response = new AllocateResponse();
        foreach (var container in request.ContainerRequests)
        {
            var devices = Find(current, container.DevicesIds, requireHealthy: true);
            response.ContainerResponses.Add(await allocator.AllocateAsync(devices, context.CancellationToken));
        }

        return response;
    }

    public override Task<PreStartContainerResponse> PreStartContainer(PreStartContainerRequest request, ServerCallContext context) =>
        Task.FromResult(new PreStartContainerResponse());

    private static ListAndWatchResponse ToResponse(AdvertisedDevices list)
    {
        var response = new ListAndWatchResponse();
        foreach (var d in list.Devices)
        {
            var device = new Device { ID = d.Uuid, Health = d.Healthy ? "Healthy" : "Unhealthy", Topology = new TopologyInfo() };
            device.Topology.Nodes.Add(new NUMANode { ID = d.NumaNode });
            response.Devices.Add(device);
        }

        return response;
    }

    /// <summary>The NVML indices of <paramref name="ids"/>; an unknown (or, where it matters, unhealthy) ID is an error naming it.</summary>
    private static int[] Indices(AdvertisedDevices current, IEnumerable<string> ids, bool requireHealthy) =>
        Find(current, ids, requireHealthy).Select(d => d.Index).ToArray();

    /// <summary>The devices of <paramref name="ids"/>; an unknown (or, where it matters, unhealthy) ID is an error naming it.</summary>
    private static AdvertisedDevice[] Find(AdvertisedDevices current, IEnumerable<string> ids, bool requireHealthy) =>
        ids.Select(id =>
        {
            var device = current.Find(id) ?? throw new RpcException(new Status(StatusCode.NotFound, $"unknown device: {id}"));
            if (requireHealthy && !device.Healthy)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"unhealthy device: {id}: {device.Reason}"));
            }

            return device;
        }).ToArray();
}
