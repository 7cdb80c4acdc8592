namespace NvContract.Core.Mig;

/// <summary>A MIG device whose access capability the driver's <c>mig-minors</c> table does not list.</summary>
public sealed class MigCapabilityNotFoundException(MigDevice mig, string capability, string file)
    : Exception(Describe(mig, capability, file))
{
    /// <summary>The message, for callers that report the missing capability without throwing.</summary>
    public static string Describe(MigDevice mig, string capability, string file) => $"MIG device {mig.Name} ({mig.Uuid}): no {capability} in {file}";

    public MigDevice Device { get; } = mig;
}
