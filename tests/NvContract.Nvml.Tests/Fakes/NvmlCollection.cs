namespace NvContract.Nvml.Tests.Fakes;

/// <summary>NVML state is per process: tests that initialise it run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NvmlCollection
{
    public const string Name = "nvml";
}
