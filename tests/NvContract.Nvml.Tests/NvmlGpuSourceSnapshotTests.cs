using NvContract.Nvml.Tests.Fakes;
using Snapshooter;
using Snapshooter.Xunit;

namespace NvContract.Nvml.Tests;

/// <summary>What the API serves per scenario, as JSON of the Core records.</summary>
[Collection(NvmlCollection.Name)]
public sealed class NvmlGpuSourceSnapshotTests
{
    public static TheoryData<string> Scenarios => ["default", "unsupported", "empty", "busy"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Devices_Scenario_MatchesSnapshot(string scenario)
    {
        using var source = FakeNvml.Open(scenario);

        Snapshot.Match(Json.Of(new { Version = source.GetVersions(), source.Devices }), SnapshotNameExtension.Create(scenario));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void GetStatus_Scenario_MatchesSnapshot(string scenario)
    {
        using var source = FakeNvml.Open(scenario);

        var statuses = Enumerable.Range(0, source.Devices.Count).Select(source.GetStatus).ToArray();

        Snapshot.Match(Json.Of(statuses), SnapshotNameExtension.Create(scenario));
    }

    [Fact]
    public void Devices_ErrorScenario_MatchesSnapshot()
    {
        using var source = FakeNvml.Open("error");

        Snapshot.Match(Json.Of(source.Devices));
    }
}
