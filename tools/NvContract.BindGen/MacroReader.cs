using System.Globalization;
using NvContract.BindGen.Clang;
using static NvContract.BindGen.Clang.LibClang;

namespace NvContract.BindGen;

/// <summary>
/// Turns object-like <c>#define</c>s into C# constants. Understood forms: an integer literal
/// (with C's suffixes and typing rules), a parenthesised negative literal, and the name of an
/// earlier macro or enum constant. Anything else fails: better no constant than a wrong one.
/// </summary>
internal sealed unsafe class MacroReader(nint unit)
{
    private const int Identifier = 2;
    private const int Literal = 3;

    public MacroModel? Read(CXCursor cursor, HeaderModel model)
    {
        var tokens = Tokens(cursor);
        var name = tokens[0].Text;
        var body = tokens.Skip(1).ToList();
        if (body.Count == 0)
        {
            return null; // an include guard
        }

        var definition = $"#define {name} {Join(body)}";
        var texts = body.Select(t => t.Text).ToArray();

        if (body is [{ Kind: Literal } literal])
        {
            var (type, value) = Integer(name, literal.Text, negative: false);
            return new MacroModel(name, type, value, definition);
        }

        if (texts is ["(", "-", _, ")"] && body[2].Kind == Literal)
        {
            var (type, value) = Integer(name, body[2].Text, negative: true);
            return new MacroModel(name, type, value, definition);
        }

        if (body is [{ Kind: Identifier } reference])
        {
            if (model.Macros.FirstOrDefault(m => m.Name == reference.Text) is { } earlier)
            {
                return new MacroModel(name, earlier.CSharpType, earlier.Name, definition);
            }

            if (model.Enums.FirstOrDefault(e => e.Constants.Any(c => c.Name == reference.Text)) is { } owner)
            {
                return new MacroModel(name, owner.Name, $"{owner.Name}.{reference.Text}", definition);
            }
        }

        throw new GeneratorException($"unsupported macro form: {definition}");
    }

    private static (string Type, string Value) Integer(string name, string literal, bool negative)
    {
        var digits = literal.TrimEnd('u', 'U', 'l', 'L');
        var suffix = literal[digits.Length..].ToUpperInvariant();
        var hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!ulong.TryParse(hex ? digits[2..] : digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude))
        {
            throw new GeneratorException($"macro {name}: cannot read integer literal '{literal}'");
        }

        var unsigned = suffix.Contains('U', StringComparison.Ordinal);
        var longLong = suffix.Contains('L', StringComparison.Ordinal);

        // C11 6.4.4.1: the first type of the list that can hold the value (hex may go unsigned).
        string type;
        if (!longLong && !unsigned && magnitude <= int.MaxValue)
        {
            type = "int";
        }
        else if (!longLong && (unsigned || hex) && magnitude <= uint.MaxValue)
        {
            type = "uint";
        }
        else if (!unsigned && magnitude <= long.MaxValue)
        {
            type = "long";
        }
        else
        {
            type = "ulong";
        }

        if (negative && type is "uint" or "ulong")
        {
            throw new GeneratorException($"macro {name}: negative unsigned literal '{literal}'");
        }

        var csSuffix = type switch { "uint" => hex ? "" : "U", "long" => "L", "ulong" => "UL", _ => "" };
        return (type, (negative ? "-" : "") + digits + csSuffix);
    }

    // Tokens as written, with a space only between two words: "( - 1 )" reads back as "(-1)".
    private static string Join(List<(int Kind, string Text)> tokens)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (i > 0 && tokens[i - 1].Kind is Identifier or Literal && tokens[i].Kind is Identifier or Literal)
            {
                text.Append(' ');
            }

            text.Append(tokens[i].Text);
        }

        return text.ToString();
    }

    private List<(int Kind, string Text)> Tokens(CXCursor cursor)
    {
        CXToken* tokens;
        uint count;
        clang_tokenize(unit, clang_getCursorExtent(cursor), &tokens, &count);
        try
        {
            var list = new List<(int, string)>((int)count);
            for (var i = 0; i < count; i++)
            {
                list.Add((clang_getTokenKind(tokens[i]), Take(clang_getTokenSpelling(unit, tokens[i]))));
            }

            return list;
        }
        finally
        {
            clang_disposeTokens(unit, tokens, count);
        }
    }
}
