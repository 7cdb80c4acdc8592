namespace NvContract.Core.Cdi;

/// <summary>A spec as generated now, and what was left out of it and why.</summary>
/// <param name="Spec">The spec, or null when no GPU can be named (none, or none with a device node).</param>
/// <param name="Warnings">Devices or files left out, one sentence each.</param>
public sealed record CdiGeneration(CdiSpec? Spec, IReadOnlyList<string> Warnings);
