using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NvContract.Core.Health;
using NvContract.Core.Simulation;

namespace NvContract.Core.Tests.Simulation;

public class SimulatedHealthTests
{
    private const string Profile = """
        {
          "driverVersion": "550.54.15",
          "models": { "m": {} },
          "gpus": [
            { "model": "m", "uuid": "GPU-0", "minor": 0, "busId": "00000000:18:00.0" },
            { "model": "m", "uuid": "GPU-1", "minor": 1, "busId": "00000000:2A:00.0" }
          ],
          "healthEvents": [
            { "gpu": 1, "atSeconds": 20, "xid": 13 },
            { "gpu": 1, "atSeconds": 40, "xid": 79, "recoveryAction": 2 },
            { "gpu": 1, "atSeconds": 100, "recoveryAction": 0 },
            { "gpu": 0, "atSeconds": 50, "lost": true },
            { "gpu": 0, "atSeconds": 60, "reset": true }
          ]
        }
        """;

    [Fact]
    public void WatchHealth_PlaysTheProfilesEventsAtTheirTimes()
    {
        var time = new FakeTimeProvider();
        using var source = new SimulatedGpuSource(SimulationProfiles.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Profile)), "test"));
        using var health = new GpuHealthMonitor(["GPU-0", "GPU-1"], XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance, time);
        var states = new List<string>();
        void Record() => states.Add(string.Join(",", health.Snapshot.Gpus.Select(g => g.State)));

        using (source.WatchHealth(health, time))
        {
            foreach (var at in new[] { 0, 20, 40, 50, 60, 100 })
            {
                time.Advance(TimeSpan.FromSeconds(at) - (time.GetUtcNow() - time.Start));
                Record();
            }
        }

        Assert.Equal(
            [
                "Healthy,Healthy",
                "Healthy,Degraded",
                "Healthy,NeedsReboot",
                "Lost,NeedsReboot",
                "Healthy,NeedsReboot",
                "Healthy,Healthy",
            ],
            states);
        Assert.All(health.Snapshot.Gpus, g => Assert.True(g.Watched));
    }

    [Fact]
    public void GetTelemetry_DgxH100_ReportsWhatMetricsNeed()
    {
        using var source = new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100"));

        var telemetry = Enumerable.Range(0, 8).Select(source.GetTelemetry).ToList();

        Assert.All(telemetry, t => Assert.NotNull(t.MemoryTemperatureC));
        Assert.All(telemetry, t => Assert.NotNull(t.RemappedRows.Failed));
        Assert.Equal(545, telemetry[0].Framebuffer.ReservedMiB);
    }
}
