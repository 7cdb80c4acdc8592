using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NvContract.BindGen.Clang;

/// <summary>The libclang C API calls the generator uses (clang-c/Index.h).</summary>
internal static unsafe partial class LibClang
{
    private const string Lib = "libclang";

    [LibraryImport(Lib)] public static partial nint clang_createIndex(int excludeDeclarationsFromPch, int displayDiagnostics);
    [LibraryImport(Lib)] public static partial void clang_disposeIndex(nint index);
    [LibraryImport(Lib)] public static partial nint clang_parseTranslationUnit(nint index, byte* sourceFilename, byte** commandLineArgs, int numCommandLineArgs, nint unsavedFiles, uint numUnsavedFiles, uint options);
    [LibraryImport(Lib)] public static partial void clang_disposeTranslationUnit(nint unit);
    [LibraryImport(Lib)] public static partial uint clang_getNumDiagnostics(nint unit);
    [LibraryImport(Lib)] public static partial nint clang_getDiagnostic(nint unit, uint index);
    [LibraryImport(Lib)] public static partial int clang_getDiagnosticSeverity(nint diagnostic);
    [LibraryImport(Lib)] public static partial CXString clang_formatDiagnostic(nint diagnostic, uint options);
    [LibraryImport(Lib)] public static partial void clang_disposeDiagnostic(nint diagnostic);
    [LibraryImport(Lib)] public static partial CXString clang_getClangVersion();

    [LibraryImport(Lib)] public static partial CXCursor clang_getTranslationUnitCursor(nint unit);
    [LibraryImport(Lib)] public static partial uint clang_visitChildren(CXCursor parent, delegate* unmanaged[Cdecl]<CXCursor, CXCursor, nint, int> visitor, nint clientData);
    [LibraryImport(Lib)] public static partial CXString clang_getCursorSpelling(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXType clang_getCursorType(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getCursorLocation(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXSourceRange clang_getCursorExtent(CXCursor cursor);
    [LibraryImport(Lib)] public static partial int clang_Location_isFromMainFile(CXSourceLocation location);
    [LibraryImport(Lib)] public static partial uint clang_isCursorDefinition(CXCursor cursor);
    [LibraryImport(Lib)] public static partial int clang_Cursor_isNull(CXCursor cursor);
    [LibraryImport(Lib)] public static partial uint clang_Cursor_isMacroFunctionLike(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXString clang_getCursorUSR(CXCursor cursor);

    [LibraryImport(Lib)] public static partial long clang_Cursor_getOffsetOfField(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXType clang_getEnumDeclIntegerType(CXCursor cursor);
    [LibraryImport(Lib)] public static partial long clang_getEnumConstantDeclValue(CXCursor cursor);
    [LibraryImport(Lib)] public static partial ulong clang_getEnumConstantDeclUnsignedValue(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXType clang_getTypedefDeclUnderlyingType(CXCursor cursor);
    [LibraryImport(Lib)] public static partial int clang_Cursor_getNumArguments(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXCursor clang_Cursor_getArgument(CXCursor cursor, uint index);

    [LibraryImport(Lib)] public static partial CXString clang_getTypeSpelling(CXType type);
    [LibraryImport(Lib)] public static partial CXType clang_getCanonicalType(CXType type);
    [LibraryImport(Lib)] public static partial CXType clang_Type_getNamedType(CXType type);
    [LibraryImport(Lib)] public static partial CXCursor clang_getTypeDeclaration(CXType type);
    [LibraryImport(Lib)] public static partial CXType clang_getPointeeType(CXType type);
    [LibraryImport(Lib)] public static partial CXType clang_getArrayElementType(CXType type);
    [LibraryImport(Lib)] public static partial long clang_getArraySize(CXType type);
    [LibraryImport(Lib)] public static partial long clang_Type_getSizeOf(CXType type);
    [LibraryImport(Lib)] public static partial long clang_Type_getAlignOf(CXType type);
    [LibraryImport(Lib)] public static partial CXType clang_getResultType(CXType type);
    [LibraryImport(Lib)] public static partial uint clang_isConstQualifiedType(CXType type);

    [LibraryImport(Lib)] public static partial void clang_tokenize(nint unit, CXSourceRange range, CXToken** tokens, uint* numTokens);
    [LibraryImport(Lib)] public static partial CXString clang_getTokenSpelling(nint unit, CXToken token);
    [LibraryImport(Lib)] public static partial int clang_getTokenKind(CXToken token);
    [LibraryImport(Lib)] public static partial void clang_disposeTokens(nint unit, CXToken* tokens, uint numTokens);

    [LibraryImport(Lib)] public static partial byte* clang_getCString(CXString text);
    [LibraryImport(Lib)] public static partial void clang_disposeString(CXString text);

    /// <summary>Copies a CXString into managed memory and disposes it.</summary>
    public static string Take(CXString text)
    {
        try
        {
            var p = clang_getCString(text);
            return p == null ? string.Empty : Marshal.PtrToStringUTF8((nint)p) ?? string.Empty;
        }
        finally
        {
            clang_disposeString(text);
        }
    }

    public static string Spelling(CXCursor cursor) => Take(clang_getCursorSpelling(cursor));

    public static string Spelling(CXType type) => Take(clang_getTypeSpelling(type));

    /// <summary>The direct children of <paramref name="parent"/>, in source order.</summary>
    public static List<CXCursor> Children(CXCursor parent)
    {
        var list = new List<CXCursor>();
        var handle = GCHandle.Alloc(list);
        try
        {
            clang_visitChildren(parent, &Collect, GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }

        return list;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Collect(CXCursor cursor, CXCursor parent, nint clientData)
    {
        ((List<CXCursor>)GCHandle.FromIntPtr(clientData).Target!).Add(cursor);
        return 1; // CXChildVisit_Continue
    }
}
