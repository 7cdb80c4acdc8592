namespace NvContract.Core.Cdi;

/// <summary>
/// A Container Device Interface spec file: the devices of one kind and the edits a runtime makes
/// to a container that asks for them. Only the fields this daemon writes are modelled, and each
/// carries the lowest <c>cdiVersion</c> that defines it (see <see cref="CdiVersion"/>).
/// </summary>
/// <param name="CdiVersion">The spec version the file declares, e.g. <c>0.5.0</c>.</param>
/// <param name="Kind"><c>vendor/class</c>, e.g. <c>nvidia.com/gpu</c>.</param>
/// <param name="Devices">The named devices, at least one.</param>
/// <param name="ContainerEdits">Edits applied once when any device of this spec is requested.</param>
public sealed record CdiSpec(string CdiVersion, string Kind, IReadOnlyList<CdiDevice> Devices, CdiContainerEdits? ContainerEdits)
{
    /// <summary>The file's bytes: UTF-8 JSON, two-space indents, a final newline; equal specs give equal bytes.</summary>
    public byte[] ToJson() => CdiJson.Serialize(this);
}
