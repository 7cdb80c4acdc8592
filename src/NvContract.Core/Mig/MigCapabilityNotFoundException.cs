namespace NvContract.Core.Mig;

/// <summary>A MIG device whose access capability the driver's <c>mig-minors</c> table does not list.</summary>
public sealed class MigCapabilityNotFoundException(MigDevice mig, string capability, string file)
    : Exception($"MIG device {mig.Name} ({mig.Uuid}): no {capability} in {file}")
{
    public MigDevice Device { get; } = mig;
}
