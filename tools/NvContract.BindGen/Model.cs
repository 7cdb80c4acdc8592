namespace NvContract.BindGen;

/// <summary>A C type as it is emitted in C#, with the layout the CLR gives it.</summary>
/// <param name="CSharp">The C# spelling, e.g. <c>uint</c> or <c>nvmlDevice_st*</c>.</param>
/// <param name="Native">The C spelling, e.g. <c>unsigned int</c>; kept for <c>NativeTypeName</c> when it differs.</param>
/// <param name="FixedLength">For a C array field: the element count of the C# fixed buffer.</param>
internal sealed record MappedType(string CSharp, string Native, long Size, long Align, long? FixedLength = null)
{
    /// <summary>Whether the C spelling differs from the C# one (ignoring the space before a '*').</summary>
    public bool NeedsNativeName => Normalize(Native) != Normalize(CSharp) || FixedLength is not null;

    private static string Normalize(string spelling) => spelling.Replace(" *", "*", StringComparison.Ordinal);
}

internal sealed record FieldModel(string Name, MappedType Type, long Offset);

/// <param name="IsUnion">A C union: every field at offset 0, emitted with an explicit layout.</param>
internal sealed record StructModel(string Name, IReadOnlyList<FieldModel> Fields, long Size, long Align, bool IsUnion = false);

internal sealed record OpaqueModel(string Name);

internal sealed record EnumConstantModel(string Name, string Value);

internal sealed record EnumModel(string Name, MappedType Underlying, IReadOnlyList<EnumConstantModel> Constants);

internal sealed record ParameterModel(string Name, MappedType Type);

internal sealed record FunctionModel(string Name, MappedType Result, IReadOnlyList<ParameterModel> Parameters);

/// <param name="Definition">The macro as written, e.g. <c>#define NVML_X 32</c>.</param>
internal sealed record MacroModel(string Name, string CSharpType, string Value, string Definition);

/// <summary>Everything the header declares, in header order.</summary>
internal sealed class HeaderModel
{
    public List<OpaqueModel> Opaques { get; } = [];
    public List<EnumModel> Enums { get; } = [];
    public List<StructModel> Structs { get; } = [];
    public List<FunctionModel> Functions { get; } = [];
    public List<MacroModel> Macros { get; } = [];
}

/// <summary>A failure the generator reports and exits non-zero on.</summary>
internal sealed class GeneratorException(string message) : Exception(message);
