using System.Text;

namespace NvContract.BindGen;

/// <summary>
/// Writes the model as C#: one file per type (<c>Name.g.cs</c>), the imports and the constants
/// as partial parts of the methods class. Output depends on the model alone (no timestamps,
/// paths or line numbers), so a rerun on an unchanged header gives identical files.
/// </summary>
internal sealed class CSharpEmitter(Options options, string banner)
{
    private static readonly HashSet<string> Keywords =
    [
        "abstract", "base", "bool", "byte", "char", "checked", "class", "const", "decimal", "default", "delegate",
        "do", "double", "event", "explicit", "extern", "false", "fixed", "float", "implicit", "in", "int",
        "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "ref", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "this", "throw", "true", "typeof", "uint", "ulong",
        "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile",
    ];

    public IReadOnlyDictionary<string, string> Emit(HeaderModel model)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["NativeTypeNameAttribute.g.cs"] = File(["System.Diagnostics"], NativeTypeNameAttribute()),
            ["AssemblyAttributes.g.cs"] = File(["System.Runtime.CompilerServices"], "[assembly: DisableRuntimeMarshalling]\n", fileScopedNamespace: false),
            [$"{options.MethodsClass}.g.cs"] = Functions(model.Functions),
            [$"{options.MethodsClass}.Macros.g.cs"] = Macros(model.Macros),
        };

        foreach (var opaque in model.Opaques)
        {
            files[$"{opaque.Name}.g.cs"] = File([], $"/// <summary>An opaque NVML handle target; only ever used behind a pointer.</summary>\ninternal partial struct {opaque.Name}\n{{\n}}\n");
        }

        foreach (var e in model.Enums)
        {
            files[$"{e.Name}.g.cs"] = Enum(e);
        }

        foreach (var s in model.Structs)
        {
            files[$"{s.Name}.g.cs"] = Struct(s);
        }

        return files;
    }

    private string Enum(EnumModel model)
    {
        var body = new StringBuilder();
        body.Append(NativeName(model.Underlying, ""));
        body.Append($"internal enum {model.Name} : {model.Underlying.CSharp}\n{{\n");
        foreach (var constant in model.Constants)
        {
            body.Append($"    {constant.Name} = {constant.Value},\n");
        }

        body.Append("}\n");
        return File([], body.ToString());
    }

    private string Struct(StructModel model)
    {
        var body = new StringBuilder();
        body.Append($"/// <remarks>{model.Size} bytes, aligned to {model.Align}; every offset checked against clang.</remarks>\n");
        body.Append(model.IsUnion ? "[StructLayout(LayoutKind.Explicit)]\n" : "[StructLayout(LayoutKind.Sequential)]\n");
        body.Append($"internal unsafe partial struct {model.Name}\n{{\n");
        for (var i = 0; i < model.Fields.Count; i++)
        {
            var field = model.Fields[i];
            if (i > 0)
            {
                body.Append('\n');
            }

            body.Append($"    /// <remarks>Offset {field.Offset}.</remarks>\n");
            if (model.IsUnion)
            {
                body.Append("    [FieldOffset(0)]\n");
            }

            body.Append(NativeName(field.Type, "    "));
            body.Append(field.Type.FixedLength is { } length
                ? $"    public fixed {field.Type.CSharp} {Identifier(field.Name)}[{length}];\n"
                : $"    public {field.Type.CSharp} {Identifier(field.Name)};\n");
        }

        body.Append("}\n");
        return File(["System.Runtime.InteropServices"], body.ToString());
    }

    private string Functions(IReadOnlyList<FunctionModel> functions)
    {
        var body = new StringBuilder();
        body.Append($"internal static unsafe partial class {options.MethodsClass}\n{{\n");
        for (var i = 0; i < functions.Count; i++)
        {
            var function = functions[i];
            if (i > 0)
            {
                body.Append('\n');
            }

            body.Append($"    [LibraryImport({options.Library})]\n");
            if (function.Result.NeedsNativeName)
            {
                body.Append($"    [return: NativeTypeName(\"{function.Result.Native}\")]\n");
            }

            var parameters = string.Join(", ", function.Parameters.Select(p =>
                (p.Type.NeedsNativeName ? $"[NativeTypeName(\"{p.Type.Native}\")] " : "") + $"{p.Type.CSharp} {Identifier(p.Name)}"));
            body.Append($"    public static partial {function.Result.CSharp} {function.Name}({parameters});\n");
        }

        body.Append("}\n");
        return File(["System.Runtime.InteropServices"], body.ToString());
    }

    private string Macros(IReadOnlyList<MacroModel> macros)
    {
        var body = new StringBuilder();
        body.Append($"internal static partial class {options.MethodsClass}\n{{\n");
        for (var i = 0; i < macros.Count; i++)
        {
            var macro = macros[i];
            if (i > 0)
            {
                body.Append('\n');
            }

            body.Append($"    [NativeTypeName(\"{macro.Definition}\")]\n");
            body.Append($"    public const {macro.CSharpType} {macro.Name} = {macro.Value};\n");
        }

        body.Append("}\n");
        return File([], body.ToString());
    }

    private static string NativeTypeNameAttribute() =>
        "/// <summary>The C spelling of a type or value where it differs from the C# one.</summary>\n" +
        "[AttributeUsage(AttributeTargets.All, AllowMultiple = false, Inherited = true)]\n" +
        "[Conditional(\"DEBUG\")]\n" +
        "internal sealed class NativeTypeNameAttribute(string name) : Attribute\n{\n" +
        "    public string Name { get; } = name;\n}\n";

    private string File(string[] usings, string body, bool fileScopedNamespace = true)
    {
        var text = new StringBuilder(banner);
        text.Append('\n');
        foreach (var u in usings)
        {
            text.Append($"using {u};\n");
        }

        if (usings.Length > 0)
        {
            text.Append('\n');
        }

        if (fileScopedNamespace)
        {
            text.Append($"namespace {options.Namespace};\n\n");
        }

        text.Append(body);
        return text.ToString();
    }

    private static string NativeName(MappedType type, string indent) =>
        type.NeedsNativeName ? $"{indent}[NativeTypeName(\"{type.Native}\")]\n" : "";

    private static string Identifier(string name) => Keywords.Contains(name) ? "@" + name : name;
}
