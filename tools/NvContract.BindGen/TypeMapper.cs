using NvContract.BindGen.Clang;
using static NvContract.BindGen.Clang.LibClang;

namespace NvContract.BindGen;

/// <summary>
/// Maps C types to blittable C# types: builtins to their fixed-size equivalents, pointers to raw
/// pointers, typedef'd structs and enums to their typedef name, and pointers to undefined
/// structs (NVML's handles) to pointers to empty opaque structs.
/// </summary>
internal sealed class TypeMapper
{
    private const long PointerSize = 8;

    // Struct or enum tag (USR) -> the typedef name it is emitted under.
    private readonly Dictionary<string, string> _tagNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MappedType> _emitted = new(StringComparer.Ordinal);
    private readonly List<string> _opaques = [];

    public IReadOnlyList<string> Opaques => _opaques;

    public void RegisterTypedef(CXCursor typedef)
    {
        var underlying = clang_getTypedefDeclUnderlyingType(typedef);
        if (underlying.Kind == TypeKind.Elaborated)
        {
            underlying = clang_Type_getNamedType(underlying);
        }

        if (underlying.Kind is TypeKind.Record or TypeKind.Enum)
        {
            var tag = clang_getTypeDeclaration(underlying);
            _tagNames.TryAdd(Take(clang_getCursorUSR(tag)), Spelling(typedef));
        }
    }

    /// <summary>The C# name of a struct or enum declaration: its typedef name, else its tag.</summary>
    public string NameOf(CXCursor declaration)
    {
        if (_tagNames.TryGetValue(Take(clang_getCursorUSR(declaration)), out var name))
        {
            return name;
        }

        var tag = Spelling(declaration);
        return tag.Length == 0 || tag.Contains(' ', StringComparison.Ordinal)
            ? throw new GeneratorException($"anonymous declaration without a typedef name: {tag}")
            : tag;
    }

    public void RegisterStruct(StructModel model) =>
        _emitted[model.Name] = new MappedType(model.Name, model.Name, model.Size, model.Align);

    public void RegisterEnum(string name, MappedType underlying) =>
        _emitted[name] = new MappedType(name, name, underlying.Size, underlying.Align);

    public MappedType Map(CXType type)
    {
        var native = Spelling(type);
        var mapped = MapCore(type);
        return mapped with { Native = native };
    }

    private MappedType MapCore(CXType type)
    {
        switch (type.Kind)
        {
            case TypeKind.Elaborated:
                return MapCore(clang_Type_getNamedType(type));
            case TypeKind.Typedef:
                var typedefName = Spelling(clang_getTypeDeclaration(type));
                return _emitted.TryGetValue(typedefName, out var known)
                    ? known
                    : MapCore(clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(type)));
            case TypeKind.Record:
            case TypeKind.Enum:
                var declaration = clang_getTypeDeclaration(type);
                var name = NameOf(declaration);
                if (_emitted.TryGetValue(name, out var emitted))
                {
                    return emitted;
                }

                if (type.Kind == TypeKind.Record && clang_isCursorDefinition(declaration) == 0 && clang_Type_getSizeOf(type) < 0)
                {
                    return Opaque(name);
                }

                throw new GeneratorException($"type {name} is used before it is declared");
            case TypeKind.Pointer:
                var pointee = clang_getPointeeType(type);
                var target = pointee.Kind == TypeKind.Void ? "void" : MapPointee(pointee);
                return new MappedType(target + "*", "", PointerSize, PointerSize);
            case TypeKind.ConstantArray:
                var element = MapCore(clang_getArrayElementType(type));
                var length = clang_getArraySize(type);
                return new MappedType(element.CSharp, "", element.Size * length, element.Align, length);
            default:
                return Builtin(type);
        }
    }

    private string MapPointee(CXType pointee)
    {
        var canonical = clang_getCanonicalType(pointee);
        return canonical.Kind is TypeKind.CharS or TypeKind.CharU ? "byte" : MapCore(pointee).CSharp;
    }

    private MappedType Opaque(string name)
    {
        if (!_opaques.Contains(name))
        {
            _opaques.Add(name);
        }

        // Only ever used behind a pointer; the size is never laid out.
        return new MappedType(name, name, 0, 1);
    }

    private static MappedType Builtin(CXType type)
    {
        (string name, long size) = type.Kind switch
        {
            TypeKind.CharS or TypeKind.CharU or TypeKind.UChar => ("byte", 1),
            TypeKind.SChar => ("sbyte", 1),
            TypeKind.Short => ("short", 2),
            TypeKind.UShort => ("ushort", 2),
            TypeKind.Int => ("int", 4),
            TypeKind.UInt => ("uint", 4),
            TypeKind.Long => ("nint", 8),
            TypeKind.ULong => ("nuint", 8),
            TypeKind.LongLong => ("long", 8),
            TypeKind.ULongLong => ("ulong", 8),
            TypeKind.Float => ("float", 4),
            TypeKind.Double => ("double", 8),
            TypeKind.Void => ("void", 0),
            _ => throw new GeneratorException($"unsupported C type '{Spelling(type)}' (kind {type.Kind})"),
        };

        return new MappedType(name, name, size, Math.Max(size, 1));
    }
}
