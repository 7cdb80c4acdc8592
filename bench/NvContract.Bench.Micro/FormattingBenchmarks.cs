using BenchmarkDotNet.Attributes;
using NvContract.Core.Docker;
using NvContract.Core.Mesos;
using NvContract.Core.Output;
using NvContract.Daemon.Responses;

namespace NvContract.Bench.Micro;

/// <summary>
/// The work behind one response body when the daemon has to encode it (a cache miss: a new
/// status sample, a new driver version; /docker/cli every time): time and bytes allocated.
/// </summary>
[MemoryDiagnoser]
public class FormattingBenchmarks
{
    private Machine _machine = null!;
    private byte[] _infoJson = [];
    private DeviceNodes _deviceNodes = null!;

    [Params(4, 8)]
    public int Gpus { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _machine = new Machine(Gpus);
        _infoJson = JsonLine.Serialize(ApiMapping.ToGpuInfo(_machine.Versions, _machine.Devices), V1Json.Types.GpuInfo);
        _deviceNodes = new DeviceNodes("/");
    }

    [Benchmark(Description = "GpuInfoText.Format")]
    public string InfoText() => GpuInfoText.Format(_machine.Versions, _machine.Devices);

    [Benchmark(Description = "GpuStatusText.Format")]
    public string StatusText() => GpuStatusText.Format(_machine.Devices, _machine.Statuses);

    [Benchmark(Description = "JsonLine.Serialize(ToGpuInfo)")]
    public byte[] InfoJson() => JsonLine.Serialize(ApiMapping.ToGpuInfo(_machine.Versions, _machine.Devices), V1Json.Types.GpuInfo);

    [Benchmark(Description = "JsonLine.Serialize(ToGpuStatus)")]
    public byte[] StatusJson() => JsonLine.Serialize(ApiMapping.ToGpuStatus(_machine.Statuses), V1Json.Types.GpuStatus);

    [Benchmark(Description = "DockerArguments.Build+ToCommandLine")]
    public string DockerCli() =>
        DockerArguments.Build(_machine.Devices, ContainerVolume.All, _machine.Versions.Driver, _deviceNodes).ToCommandLine();

    [Benchmark(Description = "MesosArguments.Format")]
    public string MesosCli() => MesosArguments.Format(_infoJson, _machine.Devices.Select(d => d.Uuid));
}
