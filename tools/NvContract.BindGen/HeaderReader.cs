using NvContract.BindGen.Clang;
using static NvContract.BindGen.Clang.LibClang;

namespace NvContract.BindGen;

/// <summary>
/// Walks a parsed header and builds the <see cref="HeaderModel"/>: declarations of the main file
/// only, in header order. Struct layouts are checked against clang while they are read.
/// </summary>
internal sealed unsafe class HeaderReader(nint unit)
{
    private readonly HeaderModel _model = new();
    private readonly TypeMapper _types = new();
    private readonly MacroReader _macros = new(unit);

    public HeaderModel Read()
    {
        var top = Children(clang_getTranslationUnitCursor(unit))
            .Where(c => clang_Location_isFromMainFile(clang_getCursorLocation(c)) != 0)
            .ToList();

        // Typedef names first: `typedef struct tag {...} name_t;` is emitted as name_t.
        foreach (var cursor in top.Where(c => c.Kind == CursorKind.TypedefDecl))
        {
            _types.RegisterTypedef(cursor);
        }

        foreach (var cursor in top)
        {
            switch (cursor.Kind)
            {
                case CursorKind.EnumDecl:
                    _model.Enums.Add(ReadEnum(cursor));
                    break;
                case CursorKind.StructDecl or CursorKind.UnionDecl when clang_isCursorDefinition(cursor) != 0:
                    var model = ReadStruct(cursor, isUnion: cursor.Kind == CursorKind.UnionDecl);
                    _types.RegisterStruct(model);
                    _model.Structs.Add(model);
                    break;
                case CursorKind.FunctionDecl:
                    _model.Functions.Add(ReadFunction(cursor));
                    break;
            }
        }

        // Macros last: one may name an enum constant declared further down the header.
        foreach (var cursor in top.Where(c => c.Kind == CursorKind.MacroDefinition && clang_Cursor_isMacroFunctionLike(c) == 0))
        {
            if (_macros.Read(cursor, _model) is { } macro)
            {
                _model.Macros.Add(macro);
            }
        }

        _model.Opaques.AddRange(_types.Opaques.Select(name => new OpaqueModel(name)));
        return _model;
    }

    private EnumModel ReadEnum(CXCursor cursor)
    {
        var name = _types.NameOf(cursor);
        var underlying = _types.Map(clang_getEnumDeclIntegerType(cursor));
        var unsigned = underlying.CSharp is "uint" or "ulong" or "ushort" or "byte";
        var constants = Children(cursor)
            .Where(c => c.Kind == CursorKind.EnumConstantDecl)
            .Select(c => new EnumConstantModel(
                Spelling(c),
                unsigned ? clang_getEnumConstantDeclUnsignedValue(c).ToString(System.Globalization.CultureInfo.InvariantCulture)
                         : clang_getEnumConstantDeclValue(c).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        _types.RegisterEnum(name, underlying);
        return new EnumModel(name, underlying, constants);
    }

    private StructModel ReadStruct(CXCursor cursor, bool isUnion)
    {
        var name = _types.NameOf(cursor);
        var fields = new List<FieldModel>();
        long offset = 0, end = 0, align = 1;
        foreach (var field in Children(cursor).Where(c => c.Kind == CursorKind.FieldDecl))
        {
            var fieldName = Spelling(field);
            var type = _types.Map(clang_getCursorType(field));

            // The CLR's sequential layout: each field at the next multiple of its alignment; in a
            // union (explicit layout) every field at 0.
            offset = isUnion ? 0 : AlignUp(offset, type.Align);
            var clangOffset = clang_Cursor_getOffsetOfField(field);
            if (clangOffset < 0 || clangOffset % 8 != 0 || clangOffset / 8 != offset)
            {
                throw new GeneratorException(
                    $"layout mismatch: {name}.{fieldName} is at byte {offset} in C# but at bit {clangOffset} in C");
            }

            fields.Add(new FieldModel(fieldName, type, offset));
            end = Math.Max(end, offset + type.Size);
            offset += type.Size;
            align = Math.Max(align, type.Align);
        }

        var size = AlignUp(end, align);
        var clangType = clang_getCursorType(cursor);
        var clangSize = clang_Type_getSizeOf(clangType);
        var clangAlign = clang_Type_getAlignOf(clangType);
        if (clangSize != size || clangAlign != align)
        {
            throw new GeneratorException(
                $"layout mismatch: {name} is {size} bytes (align {align}) in C# but {clangSize} bytes (align {clangAlign}) in C");
        }

        return new StructModel(name, fields, size, align, isUnion);
    }

    private FunctionModel ReadFunction(CXCursor cursor)
    {
        var name = Spelling(cursor);
        var result = _types.Map(clang_getResultType(clang_getCursorType(cursor)));
        var count = clang_Cursor_getNumArguments(cursor);
        var parameters = new List<ParameterModel>(count);
        for (var i = 0; i < count; i++)
        {
            var argument = clang_Cursor_getArgument(cursor, (uint)i);
            var parameterName = Spelling(argument);
            parameters.Add(new ParameterModel(parameterName.Length == 0 ? $"param{i}" : parameterName, _types.Map(clang_getCursorType(argument))));
        }

        return new FunctionModel(name, result, parameters);
    }

    private static long AlignUp(long value, long align) => (value + align - 1) / align * align;
}
