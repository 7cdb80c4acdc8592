namespace NvContract.Core.Mig;

/// <summary>A MIG device whose access capability the driver's <c>mig-minors</c> table does not list.</summary>
public sealed class MigCapabilityNotFoundException(MigDevice mig, string capability, string file)
    : Exception($"MIG device {mig.Name} ({mig.Uuid}): {Reason(capability, file)}")
{
    /// <summary>What is missing, for callers that name the device themselves and do not throw.</summary>
    public static string Reason(string capability, string file) => $"no {capability} in {file}";

    public MigDevice Device { get; } = mig;
}
